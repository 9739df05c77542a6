using System;
using System.Globalization;
using System.IO;
using System.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace WorkspaceOneUem.Client
{
    /// <summary>
    /// The admin's certificate for certificate (CMS) authentication: opening the .p12/.pfx file the console exports,
    /// and the checks made before it signs anything. Each problem is its own <see cref="Ws1ErrorKind"/>, with a message
    /// that says what to do. The password is never part of a message.
    /// </summary>
    public static class AdminCertificates
    {
        private const string ExportAdvice = "the .p12 file exported, with its password, from the admin's API tab in the console";

        /// <summary>Opens a PKCS#12 file with its private key; <paramref name="path"/> is a full file-system path.</summary>
        public static X509Certificate2 Load(string path, SecureString? password)
        {
            if (!File.Exists(path))
                throw new Ws1ApiException(Ws1ErrorKind.CertificateFileNotFound,
                    $"The certificate file '{path}' does not exist. Give -CertificatePath the path of {ExportAdvice}.") { NotProcessed = true };
            X509ContentType type;
            try
            {
                type = X509Certificate2.GetCertContentType(path);
            }
            catch (CryptographicException)
            {
                type = X509ContentType.Unknown;
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new Ws1ApiException(Ws1ErrorKind.CertificateUnreadable, $"The certificate file '{path}' could not be read: {ex.Message}", inner: ex) { NotProcessed = true };
            }
            if (type == X509ContentType.Cert || type == X509ContentType.SerializedCert)
                throw NoKeyInFile(path);
            if (type != X509ContentType.Pkcs12)
                throw new Ws1ApiException(Ws1ErrorKind.CertificateUnreadable,
                    $"The file '{path}' is not a PKCS#12 (.p12 or .pfx) file. Give -CertificatePath {ExportAdvice}.") { NotProcessed = true };

            X509Certificate2 certificate;
            try
            {
                certificate = new X509Certificate2(path, password, KeyStorage);
            }
            catch (CryptographicException ex)
            {
                // A PKCS#12 file that does not open is, all but always, a wrong password; the platform's own text says no more.
                string given = password == null || password.Length == 0 ? "without a password" : "with the password given";
                throw new Ws1ApiException(Ws1ErrorKind.CertificatePasswordInvalid,
                    $"The certificate file '{path}' could not be opened {given}. Give -CertificatePassword the password set when the certificate was exported.", inner: ex) { NotProcessed = true };
            }
            if (!certificate.HasPrivateKey)
            {
                certificate.Dispose();
                throw NoKeyInFile(path);
            }
            return certificate;
        }

        private static Ws1ApiException NoKeyInFile(string path) =>
            new Ws1ApiException(Ws1ErrorKind.CertificateNoPrivateKey,
                $"The file '{path}' holds a certificate without its private key, which signing needs. Give -CertificatePath {ExportAdvice}.") { NotProcessed = true };

        /// <summary>
        /// Where the private key lives while the session is open: in memory only where the platform allows (Windows,
        /// Linux on .NET 8); macOS needs a temporary keychain, and .NET Framework a temporary key container, both
        /// removed when the session is closed.
        /// </summary>
        private static X509KeyStorageFlags KeyStorage
        {
            get
            {
#if NET8_0_OR_GREATER
                return OperatingSystem.IsMacOS() ? X509KeyStorageFlags.DefaultKeySet : X509KeyStorageFlags.EphemeralKeySet;
#else
                return X509KeyStorageFlags.DefaultKeySet;
#endif
            }
        }

        /// <summary>Refuses, before anything is sent, a certificate that cannot sign now: no private key, expired, not valid yet.</summary>
        public static void CheckUsable(X509Certificate2 certificate, DateTimeOffset now)
        {
            if (!certificate.HasPrivateKey)
                throw new Ws1ApiException(Ws1ErrorKind.CertificateNoPrivateKey,
                    $"The certificate {Describe(certificate)} has no private key, so it cannot sign requests. Use a certificate whose private key is in the store (Get-ChildItem Cert:\\CurrentUser\\My shows HasPrivateKey), Get-PfxCertificate on {ExportAdvice}, or -CertificatePath with that file.")
                { NotProcessed = true };
            DateTime utc = now.UtcDateTime;
            DateTime notAfter = certificate.NotAfter.ToUniversalTime();
            DateTime notBefore = certificate.NotBefore.ToUniversalTime();
            if (utc > notAfter)
                throw new Ws1ApiException(Ws1ErrorKind.CertificateExpired,
                    $"The certificate {Describe(certificate)} expired on {Utc(notAfter)}, so the tenant would refuse it; nothing was sent. Generate a new certificate on the admin's API tab in the console, export it, and connect with it.")
                { NotProcessed = true };
            if (utc < notBefore)
                throw new Ws1ApiException(Ws1ErrorKind.CertificateNotYetValid,
                    $"The certificate {Describe(certificate)} is not valid before {Utc(notBefore)}, so the tenant would refuse it; nothing was sent. Check this machine's clock and time zone, or connect after that time.")
                { NotProcessed = true };
        }

        /// <summary>The name the certificate is issued to (its common name), as the admin it stands for.</summary>
        public static string NameOf(X509Certificate2 certificate)
        {
            string name = certificate.GetNameInfo(X509NameType.SimpleName, false);
            return string.IsNullOrEmpty(name) ? certificate.Subject : name;
        }

        /// <summary>Which certificate, in words: its name and thumbprint (neither is a secret).</summary>
        public static string Describe(X509Certificate2 certificate) => $"'{NameOf(certificate)}' (thumbprint {certificate.Thumbprint})";

        private static string Utc(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC";
    }
}
