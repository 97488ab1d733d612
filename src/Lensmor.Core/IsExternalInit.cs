// netstandard2.0 lacks the marker type that C# 9 records and init accessors need; the compiler only needs its
// name. Internal, so nothing outside Lensmor.Core sees it.
namespace System.Runtime.CompilerServices;

internal static class IsExternalInit
{
}
