using System;
using System.Runtime.InteropServices;
using System.Security;

namespace WorkspaceOneUem.Client.Http
{
    internal static class Secrets
    {
        /// <summary>Reads a SecureString for the moment a header is built; the copy is not kept by callers.</summary>
        public static string? Reveal(SecureString? value)
        {
            if (value == null)
                return null;
            IntPtr ptr = IntPtr.Zero;
            try
            {
                ptr = Marshal.SecureStringToGlobalAllocUnicode(value);
                return Marshal.PtrToStringUni(ptr);
            }
            finally
            {
                if (ptr != IntPtr.Zero)
                    Marshal.ZeroFreeGlobalAllocUnicode(ptr);
            }
        }
    }
}
