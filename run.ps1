<#
.SYNOPSIS
    Runs the Deepthought conformance suite (dotnet test tests/Deepthought.Conformance) with the given settings.

.DESCRIPTION
    Maps the parameters onto the DEEPTHOUGHT_* environment the suite reads, filters the tests by Phase and Check
    traits, and exits with the runner's code: 0 all checks passed (warnings pass), 1 a check failed or was blocked,
    2 the configuration is wrong (the message names the file, the place and the fix).
    The caller's environment is restored afterwards: a later `dotnet test` never attaches to a cluster by accident.

    Written in the language subset that also runs in a hosted PowerShell engine (no Write-Host, Join-Path, Test-Path):
    the harness's own tests run this script for real.

.EXAMPLE
    ./run.ps1 -Phase Storage
    ./run.ps1 -Target attach -Profile profiles/deepthought.yaml -Phase Talos,Etcd
    ./run.ps1 -Target attach -TalosEndpoints 192.168.1.32 -Phase Talos
    ./run.ps1 -Check storage.rook-ceph-privileged -Scenario rook-ceph-not-privileged
    ./run.ps1 -Phase Mesh -DryRun
    ./run.ps1 -Cleanup
#>
[CmdletBinding()]
param(
    # twin (default) or attach (KUBECONFIG and TALOSCONFIG from the environment).
    [string] $Target,
    # The cluster profile (default profiles/deepthought.yaml).
    [string] $Profile,
    # One or more phases: Talos, Etcd, Storage, Mesh, Gateway, Policy (default: all).
    [string[]] $Phase,
    # One or more check ids (see `dotnet run --project src/Cli -- catalog`).
    [string[]] $Check,
    # audit (default, read-only) or acceptance.
    [string] $Mode,
    # Twin fault scenarios, comma-separated (default: none, a healthy twin).
    [string] $Scenario,
    # Where reports go (default reports/ beside this script).
    [string] $Reports,
    # Talos API endpoints, as talosctl -e (attach; default: the talosconfig's, else the profile's control-plane IPs).
    [string[]] $TalosEndpoints,
    # List what would run; start nothing.
    [switch] $DryRun,
    # Remove everything an interrupted acceptance run left on the KUBECONFIG cluster (deepthought cleanup); run nothing else.
    [switch] $Cleanup
)

$ErrorActionPreference = 'Stop'
$phases = @('Talos', 'Etcd', 'Storage', 'Mesh', 'Gateway', 'Policy')
$dotnet = if ($env:DEEPTHOUGHT_DOTNET) { $env:DEEPTHOUGHT_DOTNET } else { 'dotnet' }

function Fail-Configuration([string] $message) {
    "configuration error: $message"
    exit 2
}

function Resolve-Full([string] $path) {
    [IO.Path]::GetFullPath([IO.Path]::Combine($PWD.ProviderPath, $path))
}

# Validate here, before anything runs: a wrong value is a configuration error (2), not a PowerShell binding error.
if ($Target -and @('twin', 'attach') -notcontains $Target) {
    Fail-Configuration "run.ps1 -Target ${Target}: allowed: twin, attach"
}
if ($Mode -and @('audit', 'acceptance') -notcontains $Mode) {
    Fail-Configuration "run.ps1 -Mode ${Mode}: allowed: audit, acceptance"
}
$phaseNames = @()
foreach ($name in @($Phase -split ',' | ForEach-Object { $_.Trim() } | Where-Object { $_ })) {
    $canonical = @($phases | Where-Object { $_ -eq $name })
    if ($canonical.Count -eq 0) { Fail-Configuration "run.ps1 -Phase ${name}: allowed: $($phases -join ', ')" }
    $phaseNames += $canonical[0]
}
$checkIds = @($Check -split ',' | ForEach-Object { $_.Trim() } | Where-Object { $_ })
foreach ($id in $checkIds) {
    if ($id -notmatch '^[a-z0-9][a-z0-9.-]*$') { Fail-Configuration "run.ps1 -Check ${id}: not a check id (e.g. talos.nodes-ready)" }
}

$reportsDir = if ($Reports) { Resolve-Full $Reports } else { [IO.Path]::Combine($PSScriptRoot, 'reports') }
$settings = [ordered]@{
    DEEPTHOUGHT_TARGET   = $Target
    DEEPTHOUGHT_PROFILE  = if ($Profile) { Resolve-Full $Profile } else { $null }
    DEEPTHOUGHT_MODE     = $Mode
    DEEPTHOUGHT_SCENARIO = if ($PSBoundParameters.ContainsKey('Scenario')) { $Scenario } else { $null }
    DEEPTHOUGHT_REPORTS  = $reportsDir
    DEEPTHOUGHT_TALOS_ENDPOINTS = if ($TalosEndpoints) { $TalosEndpoints -join ',' } else { $null }
}

$filters = @()
if ($phaseNames.Count -gt 0) { $filters += (($phaseNames | ForEach-Object { "Phase=$_" }) -join '|') }
if ($checkIds.Count -gt 0) { $filters += (($checkIds | ForEach-Object { "Check=$_" }) -join '|') }
$filter = if ($filters.Count -gt 1) { ($filters | ForEach-Object { "($_)" }) -join '&' } else { $filters -join '' }

$suite = [IO.Path]::Combine($PSScriptRoot, 'tests', 'Deepthought.Conformance', 'Deepthought.Conformance.csproj')
$cli = [IO.Path]::Combine($PSScriptRoot, 'src', 'Cli', 'Deepthought.Cli.csproj')
$testArgs = @('test', $suite)
if ($filter) { $testArgs += @('--filter', $filter) }

$saved = @{}
foreach ($name in $settings.Keys) { $saved[$name] = [Environment]::GetEnvironmentVariable($name) }
$code = 0
try {
    foreach ($name in $settings.Keys) {
        if ($null -ne $settings[$name]) { [Environment]::SetEnvironmentVariable($name, $settings[$name]) }
    }

    if ($Cleanup) {
        # Labelled leftovers of an interrupted acceptance run: pods, service accounts, namespaces, policy objects.
        & $dotnet @('run', '--project', $cli, '--', 'cleanup')
        $code = $LASTEXITCODE
    }
    elseif ($DryRun) {
        'dry run — environment:'
        foreach ($name in $settings.Keys) {
            $value = [Environment]::GetEnvironmentVariable($name)
            "  $name=$(if ($value) { $value } else { '(default)' })"
        }
        "command: $dotnet $($testArgs -join ' ')"
        # The CLI reads the same environment and lists the checks this selection runs, validating profile and scenarios.
        $listArgs = @('run', '--project', $cli, '--', 'run', '--dry-run')
        foreach ($p in $phaseNames) { $listArgs += @('--phase', $p) }
        foreach ($c in $checkIds) { $listArgs += @('--check', $c) }
        & $dotnet @listArgs
        $code = $LASTEXITCODE
    }
    else {
        $latest = [IO.Path]::Combine($reportsDir, 'latest')
        $marker = [IO.Path]::Combine($latest, 'CONFIGURATION-ERROR')
        $runFile = [IO.Path]::Combine($latest, 'RUN')
        if ([IO.File]::Exists($marker)) { [IO.File]::Delete($marker) }
        $before = if ([IO.File]::Exists($runFile)) { [IO.File]::ReadAllText($runFile) } else { '' }

        & $dotnet @testArgs
        $testCode = $LASTEXITCODE
        $after = if ([IO.File]::Exists($runFile)) { [IO.File]::ReadAllText($runFile) } else { '' }

        if ([IO.File]::Exists($marker)) {
            "configuration error: $([IO.File]::ReadAllText($marker).Trim())"
            $code = 2
        }
        elseif ($testCode -eq 0) {
            $code = 0
        }
        else {
            if ($after -eq $before) {
                "dotnet test exited with $testCode and wrote no report: the suite did not run (build error?) or the target could not start — see the output above"
            }
            $code = 1
        }
    }
}
finally {
    foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
}
exit $code
