using Suanwang.Engines.Slurm.Ssh;

namespace Suanwang.Engines.Slurm.Tests.Ssh;

public sealed class HostKeyPinTests
{
    // The fingerprint of this key, as ssh-keygen -lf prints it, is the one below.
    private const string KeyLine = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIO6xisbAzLHGUfKI1eZqpsjkY1NmY6clQRhPi/pLPFbz root@login";
    private const string Fingerprint = "SHA256:ORBNsCgz1Aue8XM6vIe+DYkeRkbX3iQYl4e3edJutMU";

    [Fact]
    public void A_public_key_line_pins_its_fingerprint_and_type()
    {
        HostKeyPin pin = Parse(KeyLine);
        Assert.Equal(Fingerprint, pin.ToString());
        Assert.Equal("ssh-ed25519", pin.KeyType);
        Assert.True(pin.Admits("ssh-ed25519"));
        Assert.False(pin.Admits("ecdsa-sha2-nistp256"));
    }

    [Theory]
    [InlineData(Fingerprint, null)]
    [InlineData(Fingerprint + "=", null)]
    [InlineData("256 " + Fingerprint + " root@login (ED25519)", "ssh-ed25519")]
    [InlineData("256 " + Fingerprint + " root@login (ECDSA)", "ecdsa")]
    [InlineData("3072 " + Fingerprint + " root@login (RSA)", "ssh-rsa")]
    public void A_fingerprint_is_read_as_ssh_keygen_prints_it(string text, string? type)
    {
        HostKeyPin pin = Parse(text);
        Assert.Equal(Fingerprint, pin.ToString());
        Assert.Equal(type, pin.KeyType);
        Assert.True(pin.Matches(Fingerprint["SHA256:".Length..]));
        Assert.False(pin.Matches("AAAAsCgz1Aue8XM6vIe+DYkeRkbX3iQYl4e3edJutMU"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("*")]
    [InlineData("accept-any")]
    [InlineData("MD5:16:27:ac:a5:76:28:2d:36:63:1b:56:4d:eb:df:a6:48")]
    [InlineData("SHA256:tooshort")]
    [InlineData("SHA256:!!!!sCgz1Aue8XM6vIe+DYkeRkbX3iQYl4e3edJutMU")]
    [InlineData("ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAIO6xisbAzLHGUfKI1eZqpsjkY1NmY6clQRhPi/pLPFbz")] // type says rsa, key is ed25519
    [InlineData("ssh-ed25519 AAAA%%%")]
    public void Anything_else_is_refused_with_a_reason(string text)
    {
        Assert.Null(HostKeyPin.Parse(text, out string? problem));
        Assert.False(string.IsNullOrEmpty(problem));
    }

    [Fact]
    public void Certificates_are_never_admitted() =>
        Assert.False(Parse(Fingerprint).Admits("ssh-ed25519-cert-v01@openssh.com"));

    private static HostKeyPin Parse(string text) => HostKeyPin.Parse(text, out string? problem) ?? throw new Xunit.Sdk.XunitException(problem);
}
