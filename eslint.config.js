// One lint config for the whole workspace; each package runs `eslint .` and ESLint finds this file.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "**/dist/**",
      "**/dist-bench/**",
      "**/node_modules/**",
      "**/drizzle/**",
      "**/.turbo/**",
      "**/coverage/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "no-restricted-properties": [
        "error",
        {
          object: "process",
          property: "env",
          message: "Read the environment once, in an app's env.ts; libraries take options.",
        },
      ],
    },
  },
  {
    files: ["**/env.ts", "**/global-setup.ts", "**/*.test.ts", "**/test/**", "**/vitest.*.ts", "**/bench/**"],
    rules: { "no-restricted-properties": "off" },
  },
);
