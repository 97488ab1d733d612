using System.Management.Automation;
using System.Net;
using System.Security;
using Lensmor.Core.Errors;
using Lensmor.Core.Http;
using Lensmor.Core.Operations;
using Lensmor.Core.Session;
using Lensmor.Core.Spending;

namespace Lensmor.PowerShell.Cmdlets;

/// <summary>Connect-Lensmor: remembers the key and endpoint for this PowerShell session. Silent unless -PassThru.</summary>
[Cmdlet(VerbsCommunications.Connect, "Lensmor", DefaultParameterSetName = ApiKeySet)]
[OutputType(typeof(ContextInfo))]
public sealed class ConnectLensmorCommand : LensmorCmdlet
{
    private const string ApiKeySet = "ApiKey";
    private const string CredentialSet = "Credential";

    /// <summary>A SecureString (Read-Host -AsSecureString, Get-Secret); a plain string is accepted and converted.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ApiKeySet)]
    [SecureStringTransformation]
    public SecureString ApiKey { get; set; } = null!;

    /// <summary>The password is the key; the user name is ignored (lets Get-Credential and SecretManagement supply it).</summary>
    [Parameter(Mandatory = true, ParameterSetName = CredentialSet)]
    [Credential]
    public PSCredential Credential { get; set; } = null!;

    [Parameter]
    public string? BaseUri { get; set; }

    [Parameter]
    [ValidateSet("api", "agent", IgnoreCase = true)]
    public string CallSource { get; set; } = "api";

    [Parameter]
    public int TimeoutSec { get; set; } = 60;

    [Parameter]
    public Uri? Proxy { get; set; }

    [Parameter]
    [Credential]
    public PSCredential? ProxyCredential { get; set; }

    /// <summary>The most this PowerShell session may spend in total; paid cmdlets refuse anything beyond it.</summary>
    [Parameter]
    public decimal? SpendLimit { get; set; }

    /// <summary>Where the intent journal (and so the spend log) is kept; default: local application data.</summary>
    [Parameter]
    public string? JournalPath { get; set; }

    /// <summary>Keeps no journal: no protection against duplicate charges across runs, and no spend log.</summary>
    [Parameter]
    public SwitchParameter NoJournal { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override bool RequiresSession => false;

    /// <summary>A connection that cannot be made stops the script: nothing after it should run on the old one.</summary>
    protected override bool FailuresTerminate => true;

    protected override void Process()
    {
        var secret = ParameterSetName == CredentialSet ? Credential.Password : ApiKey;
        var source = ParameterSetName == CredentialSet ? ApiKeySource.Credential : ApiKeySource.Parameter;
        var key = Core.Http.ApiKey.Parse(new NetworkCredential(string.Empty, secret).Password, source);
        var options = new LensmorConnectionOptions
        {
            BaseUri = BaseUri ?? Environment.GetEnvironmentVariable(SessionResolver.BaseUrlVariable),
            CallSource = string.Equals(CallSource, "agent", StringComparison.OrdinalIgnoreCase) ? Core.Http.CallSource.Agent : Core.Http.CallSource.Api,
            RequestTimeout = TimeSpan.FromSeconds(TimeoutSec),
            Proxy = Proxy,
            ProxyCredential = ProxyCredential?.GetNetworkCredential(),
            SpendLimit = SpendLimit,
            Journal = IntentJournal.Resolve(JournalPath == null ? null : GetUnresolvedProviderPathFromPSPath(JournalPath), NoJournal, Environment.GetEnvironmentVariable),
        };
        var session = new LensmorSession(key, options);
        ModuleState.Sessions.Connect(session, RunspaceId);
        WriteVerbose($"Connected to {session.BaseUri} with a {key.Prefix} key from {source}; call source {session.CallSourceHeaderValue}.");
        if (PassThru)
        {
            WriteObject(SessionResolver.Describe(session, connected: true));
        }
    }
}
