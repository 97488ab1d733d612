namespace Lensmor.Core.Http;

/// <summary>The x-call-source header: who is acting, a script (api) or an AI agent (agent).</summary>
public enum CallSource
{
    Api,
    Agent,
}
