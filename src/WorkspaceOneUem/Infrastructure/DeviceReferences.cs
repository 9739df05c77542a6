using System;
using System.Collections.Generic;
using System.Management.Automation;
using WorkspaceOneUem.Client.Resolution;

namespace WorkspaceOneUem.Infrastructure
{
    /// <summary>
    /// The PowerShell side of resolving devices named directly (piped from Get-Ws1Device, -DeviceId, -SerialNumber):
    /// they become references for the client's <see cref="DeviceResolver"/>, and its outcomes become ErrorRecords.
    /// </summary>
    internal sealed class DeviceReferences
    {
        private readonly Ws1Cmdlet _cmdlet;
        private readonly DeviceResolver _resolver;

        public DeviceReferences(Ws1Cmdlet cmdlet, DeviceResolver resolver)
        {
            _cmdlet = cmdlet;
            _resolver = resolver;
        }

        /// <summary>A piped device, acted on in its own account. One this module did not read is read again by its id.</summary>
        public void AddPiped(Ws1Device device)
        {
            if (device.Id <= 0)
            {
                _cmdlet.WriteError(new ErrorRecord(new ArgumentException($"Device '{device}' has no id, so it cannot be acted on. Pipe devices from Get-Ws1Device, or give -DeviceId or -SerialNumber."),
                    "Ws1.InvalidDeviceInput", ErrorCategory.InvalidArgument, device));
                return;
            }
            _resolver.Add(DeviceReference.ForDevice(device), _cmdlet.CancelToken);
        }

        /// <summary>Ids, then serial numbers, all in the resolver's default account.</summary>
        public void AddGiven(long[]? ids, string[]? serialNumbers)
        {
            foreach (long id in ids ?? Array.Empty<long>())
                _resolver.Add(DeviceReference.ForId(id), _cmdlet.CancelToken);
            foreach (string serial in serialNumbers ?? Array.Empty<string>())
                _resolver.Add(DeviceReference.ForSerialNumber(serial), _cmdlet.CancelToken);
        }

        /// <summary>Once the input has ended: the devices found, in input order; every other outcome is written as an error.</summary>
        public IEnumerable<DeviceOutcome> Rest()
        {
            foreach (DeviceOutcome outcome in _cmdlet.Await(ct => _resolver.FinishAsync(ct)))
            {
                if (outcome.Kind == DeviceOutcomeKind.Found)
                    yield return outcome;
                else
                    _cmdlet.WriteError(ErrorOf(outcome));
            }
        }

        private ErrorRecord ErrorOf(DeviceOutcome outcome)
        {
            object target = outcome.Reference.Target;
            switch (outcome.Kind)
            {
                case DeviceOutcomeKind.NotFound:
                    return new ErrorRecord(new ItemNotFoundException(outcome.Message, outcome.Error), "Ws1.DeviceNotFound", ErrorCategory.ObjectNotFound, target);
                case DeviceOutcomeKind.NotConnected:
                    return _cmdlet.NotConnectedError(outcome.AccountName);
                case DeviceOutcomeKind.OtherAccount:
                    return new ErrorRecord(new InvalidOperationException(outcome.Message), "Ws1.AccountMismatch", ErrorCategory.InvalidArgument, target);
                default:
                    return outcome.Error != null
                        ? Ws1Cmdlet.ErrorFrom(outcome.Error, target)
                        : new ErrorRecord(new InvalidOperationException(outcome.Message), "Ws1.Unknown", ErrorCategory.NotSpecified, target);
            }
        }
    }
}
