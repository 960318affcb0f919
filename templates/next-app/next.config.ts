import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // The migration also answers at {{route}}, the path the auth0-session-migrator element calls by default.
  async rewrites() {
    return [{ source: "{{route}}", destination: "/api/migrate-session" }];
  },
};

export default nextConfig;
