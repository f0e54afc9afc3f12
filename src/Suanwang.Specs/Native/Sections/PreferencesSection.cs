using Suanwang.Model.Jobs;
using Suanwang.Specs.Common;

namespace Suanwang.Specs.Native.Sections;

/// <summary>Reads <c>preferences</c>: the soft wishes (carbon against time and cost; flexibility to wait).</summary>
internal static class PreferencesSection
{
    public static JobPreferences Read(SpecObject root)
    {
        SpecObject? preferences = root.Object("preferences", NativeSpecFields.Preferences);
        if (preferences is null) return JobPreferences.None;
        double carbonWeight = preferences.Number("carbonWeight", NumberRule.NonNegative(1)) ?? 0;
        double flexibleStartHours = preferences.Number("flexibleStartHours", NumberRule.NonNegative(SpecLimits.MaxFlexibleStartHours)) ?? 0;
        return new JobPreferences(carbonWeight, flexibleStartHours);
    }
}
