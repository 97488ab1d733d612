using System.Text.RegularExpressions;

namespace Lensmor.Module.Tests;

/// <summary>What PowerShell and its users expect of every cmdlet in Lensmor.dll, read from the built metadata.</summary>
public class CmdletContractTests
{
    /// <summary>Get-Verb in PowerShell 7.4 (100 verbs).</summary>
    public static readonly IReadOnlySet<string> ApprovedVerbs = new HashSet<string>(StringComparer.Ordinal)
    {
        // Common
        "Add", "Clear", "Close", "Copy", "Enter", "Exit", "Find", "Format", "Get", "Hide", "Join", "Lock", "Move", "New",
        "Open", "Optimize", "Pop", "Push", "Redo", "Remove", "Rename", "Reset", "Resize", "Search", "Select", "Set", "Show",
        "Skip", "Split", "Step", "Switch", "Undo", "Unlock", "Watch",
        // Communications
        "Connect", "Disconnect", "Read", "Receive", "Send", "Write",
        // Data
        "Backup", "Checkpoint", "Compare", "Compress", "Convert", "ConvertFrom", "ConvertTo", "Dismount", "Edit", "Expand",
        "Export", "Group", "Import", "Initialize", "Limit", "Merge", "Mount", "Out", "Publish", "Restore", "Save", "Sync",
        "Unpublish", "Update",
        // Diagnostic
        "Debug", "Measure", "Ping", "Repair", "Resolve", "Test", "Trace",
        // Lifecycle
        "Approve", "Assert", "Build", "Complete", "Confirm", "Deny", "Deploy", "Disable", "Enable", "Install", "Invoke",
        "Register", "Request", "Restart", "Resume", "Start", "Stop", "Submit", "Suspend", "Uninstall", "Unregister", "Wait",
        // Other
        "Use",
        // Security
        "Block", "Grant", "Protect", "Revoke", "Unblock", "Unprotect",
    };

    /// <summary>Plural nouns the design card names on purpose (the API calls the capability this way).</summary>
    public static readonly IReadOnlySet<string> PluralNounExceptions = new HashSet<string>(StringComparer.Ordinal)
    {
        "Search-LensmorExhibitorEvents",
    };

    /// <summary>Cmdlets that always spend credits, by verb or by name; each must derive from LensmorPaidCmdlet.</summary>
    public static readonly IReadOnlySet<string> PaidVerbs = new HashSet<string>(StringComparer.Ordinal) { "Unlock", "Request" };

    public static readonly IReadOnlySet<string> PaidCmdletNames = new HashSet<string>(StringComparer.Ordinal)
    {
        "Search-LensmorExhibitorEvents",
        "Search-LensmorExhibitor",
        "Invoke-LensmorPlan",
    };

    private static IReadOnlyList<CmdletInfo> Cmdlets => ModuleMetadata.Instance.Cmdlets;

    [Fact]
    public void The_dll_holds_the_cmdlets_and_each_has_a_Cmdlet_attribute()
    {
        Assert.True(Cmdlets.Count >= 6, "Expected at least the six cmdlets of the first release, found: " + string.Join(", ", Cmdlets));
        var failures = new Failures();
        foreach (var cmdlet in Cmdlets)
        {
            failures.Check(cmdlet.HasCmdletAttribute, $"{cmdlet.Type.FullName} derives from Cmdlet but has no [Cmdlet] attribute.");
            failures.Check(cmdlet.Type.IsPublic && cmdlet.Type.IsSealed, $"{cmdlet.Name}: a cmdlet class should be public and sealed.");
        }

        failures.AssertNone();
    }

    [Fact]
    public void Every_verb_is_approved()
    {
        var failures = new Failures();
        foreach (var cmdlet in Cmdlets)
        {
            failures.Check(ApprovedVerbs.Contains(cmdlet.Verb), $"{cmdlet.Name}: '{cmdlet.Verb}' is not an approved verb (Get-Verb); Import-Module would warn.");
        }

        failures.AssertNone();
    }

    [Fact]
    public void Every_noun_is_singular_and_prefixed_Lensmor()
    {
        var failures = new Failures();
        foreach (var cmdlet in Cmdlets)
        {
            failures.Check(cmdlet.Noun.StartsWith("Lensmor", StringComparison.Ordinal), $"{cmdlet.Name}: the noun must start with the prefix 'Lensmor'.");
            failures.Check(Regex.IsMatch(cmdlet.Noun, "^[A-Z][A-Za-z0-9]*$"), $"{cmdlet.Name}: the noun must be PascalCase letters and digits.");
            if (!PluralNounExceptions.Contains(cmdlet.Name))
            {
                failures.Check(!LooksPlural(cmdlet.Noun), $"{cmdlet.Name}: the noun looks plural; PowerShell nouns are singular.");
            }
        }

        failures.AssertNone();
    }

    [Fact]
    public void Plural_noun_exceptions_are_still_needed()
    {
        var names = Cmdlets.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        Assert.All(PluralNounExceptions, name => Assert.Contains(name, names));
        Assert.All(PluralNounExceptions, name => Assert.True(LooksPlural(name.Split('-')[1]), name + " is not plural; drop the exception."));
    }

    public static bool LooksPlural(string noun)
    {
        var last = Regex.Match(noun, "[A-Z][a-z0-9]*$").Value;
        var singularEndings = new[] { "ss", "us", "is", "ics", "ress", "Status", "Access", "Alias" };
        return last.EndsWith("s", StringComparison.Ordinal) && !singularEndings.Any(e => last.EndsWith(e, StringComparison.Ordinal));
    }

    [Fact]
    public void Paid_cmdlets_confirm_with_high_impact_and_have_Force()
    {
        var paid = Cmdlets.Where(c => c.IsPaid).ToList();
        Assert.NotEmpty(paid);
        var failures = new Failures();
        foreach (var cmdlet in paid)
        {
            failures.Check(cmdlet.SupportsShouldProcess, $"{cmdlet.Name} can spend credits but lacks SupportsShouldProcess = true (no -WhatIf/-Confirm).");
            failures.Check(cmdlet.ConfirmImpact == ConfirmImpactValue.High, $"{cmdlet.Name} can spend credits but its ConfirmImpact is {cmdlet.ConfirmImpact}, not High.");
            var force = cmdlet.Parameters.FirstOrDefault(p => p.Name == "Force");
            failures.Check(force != null && force.ParameterType.FullName == ModuleMetadata.SmaNamespace + ".SwitchParameter", $"{cmdlet.Name} can spend credits but has no -Force switch.");
        }

        failures.AssertNone();
    }

    [Fact]
    public void Cmdlets_that_spend_derive_from_LensmorPaidCmdlet()
    {
        var failures = new Failures();
        foreach (var cmdlet in Cmdlets.Where(c => PaidVerbs.Contains(c.Verb) || PaidCmdletNames.Contains(c.Name)))
        {
            failures.Check(cmdlet.IsPaid, $"{cmdlet.Name} spends credits but does not derive from {ModuleMetadata.PaidBaseTypeName}.");
        }

        failures.AssertNone();
    }

    [Fact]
    public void Free_cmdlets_do_not_declare_high_impact()
    {
        var failures = new Failures();
        foreach (var cmdlet in Cmdlets.Where(c => !c.IsPaid))
        {
            failures.Check(cmdlet.ConfirmImpact != ConfirmImpactValue.High,
                $"{cmdlet.Name} is free (not a LensmorPaidCmdlet) but declares ConfirmImpact High, so it would prompt by default.");
        }

        failures.AssertNone();
    }

    [Fact]
    public void Every_cmdlet_declares_real_output_types()
    {
        var failures = new Failures();
        foreach (var cmdlet in Cmdlets)
        {
            failures.Check(cmdlet.OutputTypeAttributes.Count > 0, $"{cmdlet.Name} has no [OutputType].");
            foreach (var name in cmdlet.UnresolvedOutputTypeNames)
            {
                failures.Add($"{cmdlet.Name}: [OutputType('{name}')] names no type in Lensmor.dll or Lensmor.Core.dll.");
            }

            foreach (var type in cmdlet.OutputTypes)
            {
                if (type.FullName == "System.Void")
                {
                    failures.Check(cmdlet.Verb is "Connect" or "Disconnect", $"{cmdlet.Name}: only Connect and Disconnect may declare [OutputType(void)].");
                    continue;
                }

                failures.Check(type.IsPublic, $"{cmdlet.Name}: output type {type.FullName} is not public.");
                failures.Check(type.Assembly.GetName().Name is "Lensmor.Core" or "Lensmor",
                    $"{cmdlet.Name}: output type {type.FullName} comes from {type.Assembly.GetName().Name}, not from the module.");
            }
        }

        failures.AssertNone();
    }

    /// <summary>
    /// Parameters bound by property name whose name has no output property yet, with the reason. The test
    /// below fails when an entry becomes unnecessary, so the list only shrinks.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> PropertyNameBindingExceptions = new Dictionary<string, string>(StringComparer.Ordinal)
    {
    };

    [Fact]
    public void Parameters_bound_by_property_name_match_an_output_property()
    {
        var outputProperties = ModuleMetadata.Instance.OutputTypes
            .SelectMany(t => t.GetProperties().Select(p => p.Name))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var failures = new Failures();
        foreach (var cmdlet in Cmdlets)
        {
            foreach (var parameter in cmdlet.Parameters.Where(p => p.ValueFromPipelineByPropertyName))
            {
                var names = new[] { parameter.Name }.Concat(parameter.Aliases).ToList();
                var key = $"{cmdlet.Name} -{parameter.Name}";
                var matches = names.Any(outputProperties.Contains);
                if (PropertyNameBindingExceptions.ContainsKey(key))
                {
                    failures.Check(!matches, $"{key} now matches an output property; remove it from PropertyNameBindingExceptions.");
                    continue;
                }

                failures.Check(matches,
                    $"{key} binds ValueFromPipelineByPropertyName, but neither it nor its aliases ({string.Join(", ", parameter.Aliases)}) is a property of any output type, so no module object can feed it.");
            }
        }

        failures.AssertNone();
    }

    [Fact]
    public void Property_name_binding_exceptions_name_real_parameters()
    {
        foreach (var key in PropertyNameBindingExceptions.Keys)
        {
            var parts = key.Split(" -");
            var cmdlet = Cmdlets.SingleOrDefault(c => c.Name == parts[0]);
            Assert.True(cmdlet != null, key + ": no such cmdlet; remove the exception.");
            Assert.True(cmdlet!.Parameters.Any(p => p.Name == parts[1] && p.ValueFromPipelineByPropertyName), key + ": no such pipeline parameter; remove the exception.");
        }
    }

    [Fact]
    public void No_parameter_validates_in_the_engine_what_Core_validates()
    {
        var banned = new[] { "ValidateRangeAttribute", "ValidateLengthAttribute", "ValidatePatternAttribute" };
        var failures = new Failures();
        foreach (var cmdlet in Cmdlets)
        {
            foreach (var parameter in cmdlet.Parameters)
            {
                foreach (var attribute in parameter.Attributes.Where(a => banned.Any(b => a.AttributeType.FullName == ModuleMetadata.SmaNamespace + "." + b)))
                {
                    failures.Add($"{cmdlet.Name} -{parameter.Name} uses [{attribute.AttributeType.Name}]; input checks live in Core so bad input always gives ErrorId LensmorInvalidArgument before any request.");
                }
            }
        }

        failures.AssertNone();
    }

    [Fact]
    public void Pipeline_parameters_take_one_value_per_parameter_set()
    {
        var failures = new Failures();
        foreach (var cmdlet in Cmdlets)
        {
            foreach (var set in cmdlet.ParameterSets)
            {
                var byValue = cmdlet.Parameters.Where(p => p.Sets.Any(s => (s.SetName == set || s.SetName == ParameterSetData.AllSets) && s.ValueFromPipeline)).ToList();
                failures.Check(byValue.Count <= 1, $"{cmdlet.Name} set {set}: more than one ValueFromPipeline parameter ({string.Join(", ", byValue)}) makes binding ambiguous.");
            }
        }

        failures.AssertNone();
    }
}
