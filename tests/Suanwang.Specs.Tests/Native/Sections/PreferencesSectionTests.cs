using Suanwang.Model.Jobs;

namespace Suanwang.Specs.Tests.Native.Sections;

public sealed class PreferencesSectionTests
{
    [Fact]
    public void Preferences_are_read()
    {
        Assert.Equal(new JobPreferences(0.25, 168), Read.Native(Read.Spec("preferences: { carbonWeight: 0.25, flexibleStartHours: 168 }\n")).Preferences);
    }

    [Fact]
    public void Missing_preferences_mean_no_carbon_weight_and_no_flexibility()
    {
        Assert.Equal(JobPreferences.None, Read.Native(Read.Spec("preferences: {}\n")).Preferences);
    }

    [Theory]
    [InlineData("carbonWeight: 1.01", "preferences.carbonWeight", "must be between 0 and 1")]
    [InlineData("carbonWeight: -0.1", "preferences.carbonWeight", "must be between 0 and 1")]
    [InlineData("flexibleStartHours: 169", "preferences.flexibleStartHours", "must be between 0 and 168")]
    [InlineData("flexibleStartHours: -1", "preferences.flexibleStartHours", "must be between 0 and 168")]
    public void Preferences_must_be_in_range(string field, string location, string message)
    {
        Has.OneError(Read.NativeErrors(Read.Spec($"preferences: {{ {field} }}\n")), location, message);
    }
}
