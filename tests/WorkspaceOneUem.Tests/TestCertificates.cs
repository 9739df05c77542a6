using System;
using System.IO;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace WorkspaceOneUem.Tests
{
    /// <summary>Admin certificates made at run time: self-signed RSA, valid, expired or not valid yet, and .pfx files of them.</summary>
    public static class TestCertificates
    {
        /// <summary>A self-signed certificate with its private key, valid from <paramref name="notBefore"/> to <paramref name="notAfter"/>.</summary>
        public static X509Certificate2 Create(string name, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null)
        {
            using RSA key = RSA.Create(2048);
            var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
            return request.CreateSelfSigned(notBefore ?? DateTimeOffset.UtcNow.AddDays(-1), notAfter ?? DateTimeOffset.UtcNow.AddYears(1));
        }

        public static X509Certificate2 Expired(string name) => Create(name, DateTimeOffset.UtcNow.AddYears(-2), DateTimeOffset.UtcNow.AddDays(-1));

        public static X509Certificate2 NotYetValid(string name) => Create(name, DateTimeOffset.UtcNow.AddDays(2), DateTimeOffset.UtcNow.AddYears(1));

        /// <summary>The same certificate without its private key, as a .cer file or a store without the key gives it.</summary>
        public static X509Certificate2 PublicOnly(X509Certificate2 certificate) => X509CertificateLoader.LoadCertificate(certificate.RawData);

        /// <summary>A temporary .pfx of <paramref name="certificate"/> with its key, protected by <paramref name="password"/>; delete it after.</summary>
        public static string WritePfx(X509Certificate2 certificate, string password)
        {
            string path = Path.Combine(Path.GetTempPath(), $"ws1-cert-{Guid.NewGuid():n}.pfx");
            File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, password));
            return path;
        }
    }
}
