namespace Lensmor.PowerShell;
internal static class Placeholder { }
