/** Jest: @swc/jest transpiles (types are checked by `npm run typecheck`). */
const swc = ["@swc/jest", { jsc: { parser: { syntax: "typescript", tsx: true }, transform: { react: { runtime: "automatic" } }, target: "es2020" }, module: { type: "commonjs" } }];
module.exports = {
  testEnvironment: "node",
  transform: { "^.+\\.(t|j)sx?$": swc },
  testMatch: ["<rootDir>/tests/**/*.test.ts", "<rootDir>/tests/**/*.test.tsx"],
  moduleNameMapper: {
    // office-addin-mock only needs the OfficeApp enum from office-addin-manifest, whose ESM-only
    // dependencies do not load under jest on Node 20 (see README, "Testing").
    "^office-addin-manifest$": "<rootDir>/tests/support/office-addin-manifest-stub.js",
  },
  testTimeout: 60000,
};
