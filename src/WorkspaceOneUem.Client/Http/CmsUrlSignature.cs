using System;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace WorkspaceOneUem.Client.Http
{
    /// <summary>
    /// The value of <c>Authorization: CMSURL`1 ...</c> (docs/api-behaviour.md §2): a detached CMS SignedData over the
    /// UTF-8 bytes of the request's absolute path (no host, no query), signed with SHA-256 by the admin's certificate,
    /// which it carries alone (no chain), with a signing-time attribute; DER, then base64.
    /// </summary>
    internal static class CmsUrlSignature
    {
        /// <summary>The scheme as most implementations send it: with a backtick (some gists show an apostrophe).</summary>
        public const string Scheme = "CMSURL`1";

        private const string Sha256Oid = "2.16.840.1.101.3.4.2.1";

        public static string Sign(X509Certificate2 certificate, string absolutePath, DateTimeOffset signingTime)
        {
            var cms = new SignedCms(new ContentInfo(Encoding.UTF8.GetBytes(absolutePath)), detached: true);
            var signer = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, certificate)
            {
                IncludeOption = X509IncludeOption.EndCertOnly,
                DigestAlgorithm = new Oid(Sha256Oid),
            };
            signer.SignedAttributes.Add(new Pkcs9SigningTime(signingTime.UtcDateTime));
            try
            {
                // Silent: a key that wants a PIN prompt fails here instead of blocking an unattended run.
                cms.ComputeSignature(signer, silent: true);
            }
            catch (CryptographicException ex)
            {
                throw new Ws1ApiException(Ws1ErrorKind.CertificateUnusable,
                    $"The certificate {AdminCertificates.Describe(certificate)} could not sign the request ({ex.Message.TrimEnd('.')}). This account may have no access to its private key (check the key's permissions in the certificate store), the key may need a PIN or a smart card, or it may be of a kind that cannot sign; nothing was sent.",
                    inner: ex) { NotProcessed = true };
            }
            return Convert.ToBase64String(cms.Encode());
        }
    }
}
