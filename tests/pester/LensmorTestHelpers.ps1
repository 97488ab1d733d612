# Shared by the Lensmor Pester tests: dot-source it in BeforeAll.
# Starts the sandbox as a child process on a free loopback port and talks to its /_sandbox control routes.


$script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$script:ModuleManifest = Join-Path $script:RepoRoot 'out/Lensmor/Lensmor.psd1'
$script:SandboxBalance = 30050

$script:LensmorVariables = 'LENSMOR_API_KEY', 'LENSMOR_BASE_URL', 'LENSMOR_JOURNAL_PATH', 'LENSMOR_JOURNAL'

function Enter-LensmorTestEnvironment {
    # Clears the user's LENSMOR_* variables for the tests and points the intent journal at a temporary file,
    # so the tests never read or write the user's real spend log. Returns what Exit-LensmorTestEnvironment restores.
    $saved = @{}
    foreach ($name in $script:LensmorVariables) {
        $saved[$name] = [Environment]::GetEnvironmentVariable($name)
        [Environment]::SetEnvironmentVariable($name, $null)
    }
    $journal = Join-Path ([System.IO.Path]::GetTempPath()) "lensmor-pester-$([guid]::NewGuid().ToString('N')).jsonl"
    $env:LENSMOR_JOURNAL_PATH = $journal
    [pscustomobject]@{ Saved = $saved; JournalPath = $journal }
}

function Exit-LensmorTestEnvironment {
    param($State)
    if (-not $State) { return }
    Remove-Item -Path "$($State.JournalPath)*" -Recurse -ErrorAction SilentlyContinue   # the journal and what lies beside it: lock, budgets, archive folder
    foreach ($name in $State.Saved.Keys) {
        [Environment]::SetEnvironmentVariable($name, $State.Saved[$name])
    }
}

function Get-LensmorTestConfiguration {
    # build.ps1 says which configuration it built; otherwise the newest sandbox build wins.
    if ($env:LENSMOR_CONFIGURATION) { return $env:LENSMOR_CONFIGURATION }
    $candidates = foreach ($cfg in 'Release', 'Debug') {
        $dll = Join-Path $script:RepoRoot "src/Lensmor.Sandbox/bin/$cfg/net10.0/Lensmor.Sandbox.dll"
        if (Test-Path $dll) { [pscustomobject]@{ Configuration = $cfg; Time = (Get-Item $dll).LastWriteTimeUtc } }
    }
    if (-not $candidates) { throw 'The sandbox is not built. Run ./build.ps1 (or dotnet build LensmorPS.sln) first.' }
    ($candidates | Sort-Object Time -Descending | Select-Object -First 1).Configuration
}

function Get-FreeTcpPort {
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    try {
        $listener.Start()
        $listener.LocalEndpoint.Port
    }
    finally {
        $listener.Stop()
    }
}

function Start-LensmorSandbox {
    [CmdletBinding()]
    # -Arguments: more of the sandbox's switches, e.g. '--task-step-ms', '4000' for contact tasks that take seconds.
    # -ApiKey: a key of its own by default. The module keeps one rate model per base URL and key for the whole
    # process, so a sandbox on a port an earlier one used must not share its key and inherit what that one taught.
    param([decimal] $Balance = $script:SandboxBalance, [int] $TimeoutSec = 60, [string[]] $Arguments = @(),
        [string] $ApiKey = ('sk_pester_' + [guid]::NewGuid().ToString('N')))

    $dll = Join-Path $script:RepoRoot "src/Lensmor.Sandbox/bin/$(Get-LensmorTestConfiguration)/net10.0/Lensmor.Sandbox.dll"
    if (-not (Test-Path $dll)) { throw "The sandbox is not built: $dll" }

    $port = Get-FreeTcpPort
    $arguments = @($dll, '--urls', "http://127.0.0.1:$port", '--api-key', $ApiKey, '--balance', [string]$Balance) + $Arguments
    $start = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    # Arguments as one string: ProcessStartInfo.ArgumentList does not exist on Windows PowerShell 5.1.
    $start.Arguments = ($arguments | ForEach-Object { '"' + ($_ -replace '"', '\"') + '"' }) -join ' '
    $start.UseShellExecute = $false
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $false
    $process = [System.Diagnostics.Process]::Start($start)

    # Read stdout until the sandbox says where it listens. One read is pending at a time.
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSec)
    $url = $null
    $seen = [System.Collections.Generic.List[string]]::new()
    $read = $null
    while (-not $url) {
        $remaining = $deadline - [DateTime]::UtcNow
        if ($remaining -le [TimeSpan]::Zero -or ($process.HasExited -and ($null -eq $read -or $read.IsCompleted))) {
            if (-not $process.HasExited) { $process.Kill() }
            throw "The sandbox did not report its URL within $TimeoutSec s (exit code: $(if ($process.HasExited) { $process.ExitCode } else { 'none' })). It printed:`n$($seen -join "`n")"
        }
        if ($null -eq $read) { $read = $process.StandardOutput.ReadLineAsync() }
        if (-not $read.Wait([TimeSpan]::FromMilliseconds([Math]::Min(500, $remaining.TotalMilliseconds)))) { continue }
        $line = $read.Result
        $read = $null
        if ($null -eq $line) {
            if ($process.HasExited) { continue }
            Start-Sleep -Milliseconds 100
            continue
        }
        $seen.Add($line)
        if ($line -match '^Lensmor sandbox listening on (?<url>\S+)') { $url = $Matches.url.TrimEnd('/') }
    }

    # Keep draining stdout so the sandbox never blocks on a full pipe.
    $null = $process.StandardOutput.ReadToEndAsync()

    [pscustomobject]@{
        Process = $process
        Url     = $url
        ApiKey  = $ApiKey
    }
}

function Stop-LensmorSandbox {
    param($Sandbox)
    if ($Sandbox -and $Sandbox.Process -and -not $Sandbox.Process.HasExited) {
        $Sandbox.Process.Kill()
        $null = $Sandbox.Process.WaitForExit(10000)
    }
}

function Invoke-SandboxControl {
    param(
        [Parameter(Mandatory)] $Sandbox,
        [ValidateSet('GET', 'POST', 'DELETE')] [string] $Method = 'GET',
        [Parameter(Mandatory)] [string] $Route,
        $Body
    )
    $params = @{ Method = $Method; Uri = "$($Sandbox.Url)/_sandbox/$Route" }
    if ($null -ne $Body) {
        $params.Body = $Body | ConvertTo-Json -Depth 5 -Compress
        $params.ContentType = 'application/json'
    }
    # Invoke-RestMethod writes a top-level JSON array as ONE object (an empty log is one empty array, not
    # nothing), so @(...).Count and Where-Object would see the whole log as a single item. Enumerate it.
    foreach ($item in (Invoke-RestMethod @params)) { $item }
}

function Get-SandboxLedger { param($Sandbox) Invoke-SandboxControl -Sandbox $Sandbox -Route ledger }

function Get-SandboxPaidRequests {
    param($Sandbox)
    @(Invoke-SandboxControl -Sandbox $Sandbox -Route requests) | Where-Object { $_.isPaidRoute }
}

function ConvertTo-LensmorSecureKey {
    param([string] $Key)
    $secure = [System.Security.SecureString]::new()
    foreach ($c in $Key.ToCharArray()) { $secure.AppendChar($c) }
    $secure.MakeReadOnly()
    $secure
}

function Get-PowerShellCommandLine {
    # How to start another shell like this one: the executable, then the arguments that come before pwsh's own.
    # When pwsh runs as a dotnet tool (dotnet tool run pwsh), the process is the dotnet host, which needs the
    # engine's entry assembly: dotnet <PSHOME>/pwsh.dll. [Environment]::ProcessPath is .NET 6+; Windows
    # PowerShell 5.1 falls back to the process path, powershell.exe.
    $process = [Environment]::ProcessPath
    if (-not $process) { $process = (Get-Process -Id $PID).Path }
    if ([System.IO.Path]::GetFileNameWithoutExtension($process) -eq 'dotnet') {
        return $process, (Join-Path $PSHOME 'pwsh.dll')
    }
    $process
}

function Invoke-InChildShell {
    # Runs a script in a new PowerShell process and returns everything it printed, host output included
    # (What if: lines and the -WhatIf total are written to the host, which the parent cannot capture).
    param([Parameter(Mandatory)] [string] $Script, [hashtable] $Environment = @{})
    $shell = @(Get-PowerShellCommandLine)
    $saved = @{}
    foreach ($name in $Environment.Keys) {
        $saved[$name] = [Environment]::GetEnvironmentVariable($name)
        [Environment]::SetEnvironmentVariable($name, $Environment[$name])
    }
    try {
        $encoded = [Convert]::ToBase64String([System.Text.Encoding]::Unicode.GetBytes($Script))
        $output = & $shell[0] @($shell | Select-Object -Skip 1) -NoProfile -NonInteractive -EncodedCommand $encoded 2>&1
        [pscustomobject]@{ ExitCode = $LASTEXITCODE; Text = ($output | Out-String) }
    }
    finally {
        foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
    }
}

function Connect-LensmorTestSandbox {
    # The usual start of a story file in one call: the module, the test environment (a temporary journal, no
    # LENSMOR_* variables), a sandbox of the file's own, and Connect-Lensmor to it. Returns what
    # Disconnect-LensmorTestSandbox ends; its Sandbox is the one the control helpers take.
    Import-Module $script:ModuleManifest -Force -Global -ErrorAction Stop
    $environment = Enter-LensmorTestEnvironment
    $sandbox = Start-LensmorSandbox
    Connect-Lensmor -ApiKey (ConvertTo-LensmorSecureKey $sandbox.ApiKey) -BaseUri $sandbox.Url
    [pscustomobject]@{ Sandbox = $sandbox; Environment = $environment }
}

function Disconnect-LensmorTestSandbox {
    param($Session)
    Disconnect-Lensmor
    Stop-LensmorSandbox $Session.Sandbox
    Exit-LensmorTestEnvironment $Session.Environment
}

# Child processes as a scheduled task starts them (NonInteractive.Tests.ps1, Plans.Tests.ps1).
function ConvertTo-Literal([string] $Text) { "'" + ($Text -replace "'", "''") + "'" }

function Start-ScheduledScript {
    # Starts a child pwsh as a scheduled task would: no profile, non-interactive, stdin closed, output captured.
    # The child gets only the LENSMOR_* variables given here, never the user's or this process's.
    param([Parameter(Mandatory)] [string] $Name, [Parameter(Mandatory)] [string] $Script, [hashtable] $Environment = @{})
    $path = Join-Path $TestDrive "$Name.ps1"
    Set-Content -LiteralPath $path -Value $Script -Encoding utf8
    $shell = @(Get-PowerShellCommandLine)
    $start = [System.Diagnostics.ProcessStartInfo]::new($shell[0])
    foreach ($argument in @($shell | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', $path)) {
        $start.ArgumentList.Add($argument)
    }
    $start.UseShellExecute = $false
    $start.RedirectStandardInput = $true
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    foreach ($variable in $LensmorVariables) { $null = $start.Environment.Remove($variable) }
    foreach ($variable in $Environment.Keys) { $start.Environment[$variable] = $Environment[$variable] }
    $process = [System.Diagnostics.Process]::Start($start)
    $process.StandardInput.Close()
    [pscustomobject]@{
        Name    = $Name
        Process = $process
        StdOut  = $process.StandardOutput.ReadToEndAsync()
        StdErr  = $process.StandardError.ReadToEndAsync()
    }
}

function Wait-ScheduledScript {
    # Colour escapes are removed (pwsh writes them even to a pipe); the text is otherwise as the child wrote it.
    param([Parameter(Mandatory)] $Child, [int] $TimeoutSec = 180)
    try {
        if (-not $Child.Process.WaitForExit($TimeoutSec * 1000)) {
            $Child.Process.Kill($true)
            throw "The scheduled script '$($Child.Name)' did not finish within $TimeoutSec s."
        }
        $Child.Process.WaitForExit()
        $ansi = "`e\[[0-9;?]*[A-Za-z]"
        [pscustomobject]@{
            ExitCode = $Child.Process.ExitCode
            StdOut   = $Child.StdOut.Result -replace $ansi, ''
            StdErr   = $Child.StdErr.Result -replace $ansi, ''
        }
    }
    finally {
        $Child.Process.Dispose()
    }
}

# Changes a plan file and, with -Reseal, computes its hash again by the documented recipe: the hash is no signature.
function Update-LensmorPlanFile([string] $Path, [scriptblock] $Change, [switch] $Reseal) {
    $reader = [Newtonsoft.Json.JsonTextReader]::new([System.IO.StringReader]::new((Get-Content -LiteralPath $Path -Raw)))
    $reader.DateParseHandling = [Newtonsoft.Json.DateParseHandling]::None
    $reader.FloatParseHandling = [Newtonsoft.Json.FloatParseHandling]::Decimal
    $json = [Newtonsoft.Json.Linq.JObject]::Load($reader)
    & $Change $json
    if ($Reseal) {
        $null = $json.Remove('contentHash')
        $bytes = [System.Text.Encoding]::UTF8.GetBytes("lensmor-plan`n" + $json.ToString([Newtonsoft.Json.Formatting]::None))
        $json['contentHash'] = [Newtonsoft.Json.Linq.JValue]::new('sha256:' + [Convert]::ToHexString([System.Security.Cryptography.SHA256]::HashData($bytes)).ToLowerInvariant())
    }
    Set-Content -LiteralPath $Path -Value $json.ToString() -Encoding utf8
}
