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
  .action(async (options: { dev?: boolean }) => {
    const { start } = await import("@/lib/cli/start");
    await start({ dev: Boolean(options.dev) });
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

try {
  await program.parseAsync(process.argv);
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`trailtriage: ${message}\n`);
  process.exit(1);
}
