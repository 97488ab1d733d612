# Shared by the scripts in tests/perf (dot-source it): the build they measure, the sandbox as a process of its own
# on a free loopback port, and its request log through the control surface (which is not rate limited and not logged).

# The built sandbox and module; the module is this worktree's out/Lensmor unless -ModulePath names another build.
function Get-PerfBuild([string] $Configuration, [string] $ModulePath) {
    $root = (Resolve-Path "$PSScriptRoot/../..").Path
    $sandboxDll = Join-Path $root "src/Lensmor.Sandbox/bin/$Configuration/net10.0/Lensmor.Sandbox.dll"
    $module = if ($ModulePath) { (Resolve-Path $ModulePath).Path } else { Join-Path $root 'out/Lensmor/Lensmor.psd1' }
    foreach ($file in $sandboxDll, $module) {
        if (-not (Test-Path $file)) { throw "Build first: dotnet build LensmorPS.sln -c $Configuration ($file is missing)" }
    }
    [pscustomobject]@{ Root = $root; SandboxDll = $sandboxDll; Module = $module }
}

function Start-PerfSandbox([string] $SandboxDll, [string[]] $Switches) {
    # A key of its own unless the caller names one: the module keeps a rate model per base URL and key for the whole
    # process, and one worker measures many sandboxes, at both profiles, on ports that may repeat.
    if ($Switches -notcontains '--api-key') { $Switches = @('--api-key', "sk_perf_$([guid]::NewGuid().ToString('N'))") + $Switches }
    $out = New-TemporaryFile
    $err = New-TemporaryFile
    $process = Start-Process dotnet -ArgumentList (@($SandboxDll, '--urls', 'http://127.0.0.1:0') + $Switches) `
        -RedirectStandardOutput $out -RedirectStandardError $err -PassThru -NoNewWindow
    # A loaded machine can take many seconds to start it.
    $watch = [Diagnostics.Stopwatch]::StartNew()
    do {
        Start-Sleep -Milliseconds 100
        $text = [IO.File]::ReadAllText($out)
        $found = $text -match 'listening on (\S+)'
    } until ($found -or $process.HasExited -or $watch.Elapsed.TotalSeconds -gt 120)
    if (-not $found) {
        if (-not $process.HasExited) { Stop-Process -Id $process.Id }
        throw "The sandbox did not start: $text $([IO.File]::ReadAllText($err))"
    }
    $url = $Matches[1].TrimEnd('/')
    $key = [regex]::Match($text, 'API key: (\S+)').Groups[1].Value
    Remove-Item $err
    [pscustomobject]@{ Process = $process; Url = $url; Key = $key; Output = $out }
}

function Stop-PerfSandbox($Sandbox) {
    Stop-Process -Id $Sandbox.Process.Id
    $Sandbox.Process.WaitForExit()
    Remove-Item $Sandbox.Output
}

function Get-SandboxLog($Sandbox) { $log = Invoke-RestMethod "$($Sandbox.Url)/_sandbox/requests"; $log }   # one object per request
function Clear-SandboxLog($Sandbox) { $null = Invoke-RestMethod -Method Delete "$($Sandbox.Url)/_sandbox/requests" }
