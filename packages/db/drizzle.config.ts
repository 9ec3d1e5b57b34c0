import { defineConfig } from "drizzle-kit";

// Only `generate` and `check` are used: migrations are versioned SQL applied by `migrate`, never `push`.
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/schema.ts",
  out: "./drizzle",
  schemaFilter: ["vss"],
});
