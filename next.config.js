// @ts-check

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  typedRoutes: true,
  // Packages that must stay plain Node requires in the server bundle.
  serverExternalPackages: ["pino", "pino-pretty", "pg", "@prisma/adapter-pg", "@node-rs/argon2"],
};

export default nextConfig;
