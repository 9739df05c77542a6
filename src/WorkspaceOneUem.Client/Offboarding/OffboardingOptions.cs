using System;
using System.Collections.Generic;
using System.Linq;
using System.Security;

namespace WorkspaceOneUem.Client.Offboarding
{
    /// <summary>What an offboarding run does: the steps the caller picked, and which wipe each kind of device gets.</summary>
    public sealed class OffboardingOptions
    {
        private readonly HashSet<Ws1OffboardingStep> _steps = new HashSet<Ws1OffboardingStep>();

        public OffboardingOptions(IEnumerable<Ws1OffboardingStep> steps)
        {
            foreach (Ws1OffboardingStep step in steps ?? throw new ArgumentNullException(nameof(steps)))
                _steps.Add(step);
            Steps = _steps.OrderBy(s => s).ToList();
        }

        /// <summary>The steps picked, in the order they run (the enum's order), whatever order they were given in.</summary>
        public IReadOnlyList<Ws1OffboardingStep> Steps { get; }

        public bool Has(Ws1OffboardingStep step) => _steps.Contains(step);

        /// <summary>An employee's own device: by default an enterprise wipe, which leaves personal data alone.</summary>
        public Ws1WipeType EmployeeOwnedWipe { get; set; } = Ws1WipeType.Enterprise;

        /// <summary>A corporate device, dedicated or shared: by default a full wipe (factory reset).</summary>
        public Ws1WipeType CorporateWipe { get; set; } = Ws1WipeType.Full;

        /// <summary>
        /// A device whose ownership the tenant does not know: by default an enterprise wipe, the one that cannot erase
        /// an employee's personal data if the device turns out to be theirs.
        /// </summary>
        public Ws1WipeType UndefinedOwnershipWipe { get; set; } = Ws1WipeType.Enterprise;

        /// <summary>The 6-digit PIN macOS devices may need for a lock or a full wipe; sent with the v2 command.</summary>
        public SecureString? UnlockPin { get; set; }

        /// <summary>The wipe a device of this ownership gets.</summary>
        public Ws1WipeType WipeTypeFor(Ws1DeviceOwnership ownership)
        {
            switch (ownership)
            {
                case Ws1DeviceOwnership.EmployeeOwned:
                    return EmployeeOwnedWipe;
                case Ws1DeviceOwnership.CorporateDedicated:
                case Ws1DeviceOwnership.CorporateShared:
                    return CorporateWipe;
                default:
                    return UndefinedOwnershipWipe;
            }
        }

        /// <summary>A device of this ownership, in a sentence: "an employee-owned device", "a device of unknown ownership".</summary>
        internal static string DescribeDevice(Ws1DeviceOwnership ownership) =>
            ownership == Ws1DeviceOwnership.Undefined ? "a device of unknown ownership"
            : ownership == Ws1DeviceOwnership.EmployeeOwned ? "an employee-owned device"
            : $"a {Describe(ownership)} device";

        /// <summary>How people name an ownership: "employee-owned", "corporate-dedicated".</summary>
        internal static string Describe(Ws1DeviceOwnership ownership)
        {
            switch (ownership)
            {
                case Ws1DeviceOwnership.EmployeeOwned:
                    return "employee-owned";
                case Ws1DeviceOwnership.CorporateDedicated:
                    return "corporate-dedicated";
                case Ws1DeviceOwnership.CorporateShared:
                    return "corporate-shared";
                default:
                    return "ownership unknown";
            }
        }
    }
}
