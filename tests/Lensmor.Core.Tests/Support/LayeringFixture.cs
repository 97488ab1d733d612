// Two namespaces for LayeringTests: Above refers to Below only inside a lambda's body (no signature, no
// field), which the namespace graph must still see.
namespace Lensmor.Core.Tests.LayeringFixture.Below
{
    internal static class Target
    {
        public static int Answer() => 42;
    }
}

namespace Lensmor.Core.Tests.LayeringFixture.Above
{
    internal static class Caller
    {
        public static Func<int> InLambda() => () => Below.Target.Answer() + 1;
    }
}
