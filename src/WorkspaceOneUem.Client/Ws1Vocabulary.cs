namespace WorkspaceOneUem.Client
{
    /// <summary>
    /// The values the API uses for the closed sets a filter takes, spelt as it spells them (docs/api-behaviour.md
    /// §4, §5). Completion offers them; filters still pass other values through, since a newer server may add some.
    /// </summary>
    public static class Ws1Vocabulary
    {
        public static readonly string[] DevicePlatforms = { "Apple", "Android", "AppleOsX", "WinRT" };

        public static readonly string[] EnrollmentStatuses = { "Enrolled", "EnterpriseWipePending", "DeviceWipePending", "Unenrolled" };
    }
}
