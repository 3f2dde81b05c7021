import js from "@eslint/js";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";

// The layers import only downward: tensor <- python <- lessons <- ui. The two pure layers
// must also run in Node and in a Worker, so they may not reach React, the DOM or Plot.
const browserOnly = [
  "react",
  "react-dom",
  "react-dom/*",
  "@observablehq/plot",
  "codemirror",
  "@codemirror/*",
];
const layerRule = (forbidden) => ({
  "no-restricted-imports": [
    "error",
    {
      patterns: [
        { group: browserOnly, message: "This layer is pure: no React, DOM, editor or Plot." },
        ...forbidden.map((layer) => ({
          group: [`**/${layer}/**`, `**/${layer}`],
          message: `Imports point down the layers only; ${layer} sits above this one.`,
        })),
      ],
    },
  ],
});

export default tseslint.config(
  { ignores: ["dist", "node_modules", "test-results", "playwright-report", "content"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
      "no-constant-condition": ["error", { checkLoops: false }],
    },
  },
  { files: ["src/tensor/**/*.ts"], rules: layerRule(["python", "lessons", "ui", "cli"]) },
  { files: ["src/python/**/*.ts"], rules: layerRule(["lessons", "ui", "cli"]) },
  { files: ["src/lessons/**/*.ts"], rules: layerRule(["ui", "cli"]) },
  {
    files: ["src/ui/**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    files: ["bin/**/*.mjs", "scripts/**/*.{mjs,ts}"],
    languageOptions: { globals: { process: "readonly", console: "readonly", URL: "readonly" } },
  },
);
