import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // The migration also answers at {{route}}, where the auth0-session-migrator element posts (its migrate-url,
  // /migrate-session by default).
  async rewrites() {
    return [{ source: "{{route}}", destination: "/api/migrate-session" }];
  },
};

export default nextConfig;
