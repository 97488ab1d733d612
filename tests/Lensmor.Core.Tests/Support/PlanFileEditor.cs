using System.Security.Cryptography;
using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Lensmor.Core.Tests.Support;

/// <summary>
/// Edits a plan file as a person (or a script) could: changing a field, and, to show that the content hash is
/// no signature, sealing it again with the documented recipe (SHA-256 of "lensmor-plan\n" and the file's JSON
/// without its contentHash, compact). Written here independently of the module, so the recipe is pinned.
/// </summary>
public static class PlanFileEditor
{
    public static JObject Read(string path)
    {
        using var reader = new JsonTextReader(new StringReader(File.ReadAllText(path))) { DateParseHandling = DateParseHandling.None, FloatParseHandling = FloatParseHandling.Decimal };
        return JObject.Load(reader);
    }

    /// <summary>Changes the file and leaves the hash as it was: the edit shows.</summary>
    public static void Edit(string path, Action<JObject> change)
    {
        var json = Read(path);
        change(json);
        File.WriteAllText(path, json.ToString(Formatting.Indented));
    }

    /// <summary>Changes the file and computes a new hash: nothing shows, which is why it is not a signature.</summary>
    public static void Reseal(string path, Action<JObject> change)
    {
        var json = Read(path);
        change(json);
        json.Remove("contentHash");
        using var sha = SHA256.Create();
        var hash = sha.ComputeHash(Encoding.UTF8.GetBytes("lensmor-plan\n" + json.ToString(Formatting.None)));
        json["contentHash"] = "sha256:" + Convert.ToHexString(hash).ToLowerInvariant();
        File.WriteAllText(path, json.ToString(Formatting.Indented));
    }
}
