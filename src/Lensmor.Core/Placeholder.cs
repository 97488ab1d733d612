namespace Lensmor.Core;
internal static class Placeholder { }
