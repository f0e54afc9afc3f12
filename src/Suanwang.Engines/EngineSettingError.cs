namespace Suanwang.Engines;

/// <summary>One engine setting of a center that cannot be used, and why.</summary>
/// <param name="Setting">The setting's key as written under <c>engine:</c> (e.g. <c>restUrl</c>, <c>socket.physics</c>); empty for the settings as a whole.</param>
/// <param name="Message">What is wrong, in words the operator can act on (never what a file or a remote service holds).</param>
public sealed record EngineSettingError(string Setting, string Message);
