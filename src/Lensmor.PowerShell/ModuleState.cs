using Lensmor.Core.Operations;
using Lensmor.Core.Session;

namespace Lensmor.PowerShell;

/// <summary>The module's one piece of process-wide state: the current session.</summary>
internal static class ModuleState
{
    public static readonly SessionResolver Sessions = new();
}
