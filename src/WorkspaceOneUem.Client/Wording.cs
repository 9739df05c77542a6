using System;
using System.Globalization;

namespace WorkspaceOneUem.Client
{
    /// <summary>Byte counts as people read them in messages.</summary>
    internal static class Sizes
    {
        public static string Describe(long bytes)
        {
            const long KB = 1024, MB = 1024 * KB;
            if (bytes >= MB)
                return (bytes / (double)MB).ToString(bytes % MB == 0 ? "0" : "0.#", CultureInfo.InvariantCulture) + " MB";
            if (bytes >= KB)
                return (bytes / (double)KB).ToString(bytes % KB == 0 ? "0" : "0.#", CultureInfo.InvariantCulture) + " KB";
            return bytes.ToString(CultureInfo.InvariantCulture) + (bytes == 1 ? " byte" : " bytes");
        }
    }

    /// <summary>Waits and times as people read them in messages.</summary>
    internal static class Durations
    {
        public static string Describe(TimeSpan wait)
        {
            if (wait < TimeSpan.FromMinutes(2))
                return wait.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + " s";
            if (wait < TimeSpan.FromHours(2))
                return Math.Round(wait.TotalMinutes).ToString(CultureInfo.InvariantCulture) + " min";
            int hours = (int)wait.TotalHours;
            int minutes = wait.Minutes;
            return hours.ToString(CultureInfo.InvariantCulture) + " h" + (minutes > 0 ? " " + minutes.ToString(CultureInfo.InvariantCulture) + " min" : string.Empty);
        }

        /// <summary>A moment in the caller's local time, with its offset so it reads right in a log read elsewhere.</summary>
        public static string Clock(DateTimeOffset at) => at.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture);
    }

    /// <summary>How to see and release a held wipe of an account, as a sentence to append to a message.</summary>
    internal static class WipeRelease
    {
        public static string Hint(string? accountName) =>
            $" See it with Get-Ws1DeviceWipe -Status Held -AccountName '{accountName}'; release it with " +
            $"Get-Ws1DeviceWipe -Status Held -AccountName '{accountName}' | Approve-Ws1DeviceWipe (or Deny-Ws1DeviceWipe), or reset the threshold with Unlock-Ws1DeviceWipe.";
    }
}
