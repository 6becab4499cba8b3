import type { Metadata } from "next";
import type { ReactNode } from "react";
import { Header } from "@/components/layout/header";
import { Sidebar } from "@/components/layout/sidebar";
import { Providers } from "@/components/providers";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "TrailTriage", template: "%s · TrailTriage" },
  description: "Triage denied Amazon Bedrock and SageMaker discovery by long-term AWS access keys.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en" suppressHydrationWarning>
      <body>
        <Providers>
          <div className="flex min-h-screen">
            <Sidebar />
            <div className="flex min-w-0 flex-1 flex-col">
              <Header />
              <main className="mx-auto w-full max-w-[1600px] flex-1 px-6 py-8">{children}</main>
            </div>
          </div>
        </Providers>
      </body>
    </html>
  );
}
