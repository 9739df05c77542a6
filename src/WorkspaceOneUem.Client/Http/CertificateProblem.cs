using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace WorkspaceOneUem.Client.Http
{
    /// <summary>
    /// Why a server's TLS certificate was refused, in words: the handshake's own exception says only "see inner
    /// exception" on .NET and "invalid according to the validation procedure" on .NET Framework.
    /// </summary>
    internal static class CertificateProblem
    {
        public static string Describe(string host, X509Certificate2? certificate, X509Chain? chain, SslPolicyErrors errors)
        {
            var reasons = new List<string>();
            if ((errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
                reasons.Add("the server sent no certificate");
            if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
            {
                string? name = certificate?.GetNameInfo(X509NameType.DnsName, false);
                reasons.Add(string.IsNullOrEmpty(name)
                    ? $"it does not name the host '{host}' (name mismatch)"
                    : $"it is issued to '{name}', not to '{host}' (name mismatch)");
            }
            if ((errors & SslPolicyErrors.RemoteCertificateChainErrors) != 0)
            {
                foreach (X509ChainStatus status in chain?.ChainStatus ?? new X509ChainStatus[0])
                {
                    string? reason = ChainReason(status, certificate);
                    if (reason != null && !reasons.Contains(reason))
                        reasons.Add(reason);
                }
                if (reasons.Count == 0)
                    reasons.Add("its certificate chain is not valid");
            }
            return reasons.Count == 0 ? errors.ToString() : string.Join("; ", reasons);
        }

        private static string? ChainReason(X509ChainStatus status, X509Certificate2? certificate)
        {
            switch (status.Status)
            {
                case X509ChainStatusFlags.NoError:
                    return null;
                case X509ChainStatusFlags.NotTimeValid:
                    if (certificate == null)
                        return "it has expired or is not valid yet";
                    return certificate.NotAfter < DateTime.Now
                        ? $"it expired on {certificate.NotAfter.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}"
                        : $"it is not valid before {certificate.NotBefore.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";
                case X509ChainStatusFlags.UntrustedRoot:
                case X509ChainStatusFlags.PartialChain:
                    return "it is not issued by an authority this machine trusts (self-signed, or from a private certificate authority)";
                case X509ChainStatusFlags.Revoked:
                    return "it has been revoked";
                case X509ChainStatusFlags.RevocationStatusUnknown:
                case X509ChainStatusFlags.OfflineRevocation:
                    return "whether it was revoked could not be checked";
                default:
                    string? info = status.StatusInformation?.Trim();
                    return info == null || info.Length == 0 ? status.Status.ToString() : info.TrimEnd('.');
            }
        }
    }
}
