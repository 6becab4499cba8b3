import { clsx } from "clsx";
import type { Route } from "next";
import Link from "next/link";
import ReactMarkdown, { type Components } from "react-markdown";
import remarkGfm from "remark-gfm";

// Markdown as TrailTriage shows it (a rule's playbook): GitHub-flavoured, no raw HTML, links inside the
// app through the router and links out in a new tab. Long ARNs and keys in code spans wrap anywhere.

const components: Components = {
  h1: ({ node: _, ...props }) => <h2 className="mt-6 mb-2 font-semibold text-lg first:mt-0" {...props} />,
  h2: ({ node: _, ...props }) => <h3 className="mt-5 mb-1.5 font-semibold text-base first:mt-0" {...props} />,
  h3: ({ node: _, ...props }) => <h4 className="mt-4 mb-1 font-semibold text-sm first:mt-0" {...props} />,
  h4: ({ node: _, ...props }) => <h5 className="mt-3 mb-1 font-medium text-sm first:mt-0" {...props} />,
  p: ({ node: _, ...props }) => <p className="my-2 leading-6" {...props} />,
  ul: ({ node: _, ...props }) => <ul className="my-2 list-disc space-y-1 pl-5 marker:text-zinc-400" {...props} />,
  ol: ({ node: _, ...props }) => <ol className="my-2 list-decimal space-y-1 pl-5 marker:text-zinc-500" {...props} />,
  li: ({ node: _, ...props }) => <li className="pl-1 leading-6" {...props} />,
  strong: ({ node: _, ...props }) => <strong className="font-semibold" {...props} />,
  blockquote: ({ node: _, ...props }) => (
    <blockquote
      className="my-3 border-zinc-300 border-l-4 pl-3 text-zinc-600 dark:border-zinc-700 dark:text-zinc-400"
      {...props}
    />
  ),
  hr: () => <hr className="my-4 border-zinc-200 dark:border-zinc-800" />,
  pre: ({ node: _, ...props }) => (
    <pre
      className="my-3 overflow-x-auto rounded-lg border border-zinc-200 bg-zinc-50 p-3 font-mono text-xs leading-5 dark:border-zinc-800 dark:bg-zinc-950 [&_code]:bg-transparent [&_code]:p-0"
      {...props}
    />
  ),
  code: ({ node: _, className, ...props }) => (
    <code
      className={clsx("break-all rounded bg-zinc-100 px-1 py-0.5 font-mono text-[0.85em] dark:bg-zinc-800", className)}
      {...props}
    />
  ),
  table: ({ node: _, ...props }) => (
    <div className="my-3 overflow-x-auto">
      <table className="w-full border-collapse text-left text-sm" {...props} />
    </div>
  ),
  th: ({ node: _, ...props }) => (
    <th className="border-zinc-200 border-b px-2 py-1.5 font-medium dark:border-zinc-800" {...props} />
  ),
  td: ({ node: _, ...props }) => (
    <td className="border-zinc-100 border-b px-2 py-1.5 align-top dark:border-zinc-800" {...props} />
  ),
  a: ({ node: _, href, children, ...props }) => {
    const className =
      "text-indigo-700 underline decoration-indigo-300 underline-offset-2 hover:decoration-indigo-600 dark:text-indigo-300 dark:decoration-indigo-500/50 dark:hover:decoration-indigo-300";
    // In-app paths go through the router (no full reload); "//host" is another site, not a path.
    if (href?.startsWith("/") && !href.startsWith("//")) {
      return (
        <Link href={href as Route} className={className} {...props}>
          {children}
        </Link>
      );
    }
    return (
      <a href={href} className={className} target="_blank" rel="noopener noreferrer" {...props}>
        {children}
      </a>
    );
  },
};

export function Markdown({ children, className }: { children: string; className?: string }) {
  return (
    <div className={clsx("text-sm text-zinc-800 dark:text-zinc-200", className)}>
      <ReactMarkdown remarkPlugins={[remarkGfm]} skipHtml components={components}>
        {children}
      </ReactMarkdown>
    </div>
  );
}
