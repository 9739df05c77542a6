namespace WorkspaceOneUem.Client.Resolution
{
    /// <summary>How the devices of many users are found.</summary>
    public enum DeviceLookupPlan
    {
        /// <summary>Whichever of the two needs fewer requests, counted per account.</summary>
        Auto,

        /// <summary>One device search per user.</summary>
        PerUser,

        /// <summary>
        /// One listing of the account's devices, joined by user name. Not of an organization group: a user's devices
        /// may sit in another group than the user, and a narrower listing would miss them.
        /// </summary>
        Listing,
    }

    /// <summary>The plan chosen for one account, and the request counts it was chosen on, for verbose output.</summary>
    public sealed class DevicePlanChoice
    {
        internal DevicePlanChoice(string accountName, int users, DeviceLookupPlan plan, long? listingPages, bool forced)
        {
            AccountName = accountName;
            Users = users;
            Plan = plan;
            ListingPages = listingPages;
            Forced = forced;
        }

        public string AccountName { get; }
        public int Users { get; }
        public DeviceLookupPlan Plan { get; }

        /// <summary>Pages the listing takes; null when it was not counted (a plan forced, or too few users to ask).</summary>
        public long? ListingPages { get; }

        public bool Forced { get; }

        public override string ToString()
        {
            string listing = ListingPages.HasValue ? $"one listing of the account's devices ({ListingPages:N0} page(s))" : "one listing of the account's devices";
            string choice = Plan == DeviceLookupPlan.Listing ? listing : $"{Users:N0} device search(es), one per user";
            string why = Forced ? " (-DeviceLookup)"
                : ListingPages.HasValue ? $": {(Plan == DeviceLookupPlan.Listing ? "fewer requests than one search per user" : $"fewer requests than {listing}")}"
                : ": too few users for a listing to be cheaper";
            return $"Devices of {Users:N0} user(s) on account '{AccountName}': {choice}{why}.";
        }
    }
}
