
      export type PossibleTypesResultData = {
  "possibleTypes": {
    "AcceptInvitationResult": [
      "InvalidCredentialsError",
      "InvalidInvitationError",
      "ValidationError",
      "Viewer"
    ],
    "AllocationResult": [
      "Allocation",
      "CharterNotSignedError",
      "ConflictError",
      "InvalidAllocationTransitionError",
      "InvalidDeviceTransitionError",
      "NotFoundError",
      "ValidationError"
    ],
    "ApiTokenResult": [
      "ApiToken",
      "NotFoundError"
    ],
    "CreateApiTokenResult": [
      "CreatedApiToken",
      "NotFoundError",
      "ValidationError"
    ],
    "DeviceResult": [
      "ConflictError",
      "Device",
      "InvalidDeviceTransitionError",
      "NotFoundError",
      "ValidationError"
    ],
    "DeviceWaveResult": [
      "ConflictError",
      "DeviceWave",
      "NotFoundError",
      "ValidationError"
    ],
    "ErrorResult": [
      "CharterNotSignedError",
      "ConflictError",
      "GeocoderUnavailableError",
      "InvalidAllocationTransitionError",
      "InvalidCredentialsError",
      "InvalidDeviceTransitionError",
      "InvalidInvitationError",
      "InvalidResetLinkError",
      "InvalidTransitionError",
      "NotFoundError",
      "PassBookletVoidedError",
      "ProConnectRequiredError",
      "TicketAlreadyRedeemedError",
      "TooManyAttemptsError",
      "ValidationError"
    ],
    "GeocodeAddressResult": [
      "AddressLocation",
      "GeocoderUnavailableError",
      "NotFoundError",
      "ValidationError"
    ],
    "HouseholdsTargetResult": [
      "HouseholdsTarget",
      "ValidationError"
    ],
    "ImportDirectoryResult": [
      "ImportReport",
      "NotFoundError",
      "ValidationError"
    ],
    "InviteUserResult": [
      "InvitationCreated",
      "NotFoundError",
      "ValidationError"
    ],
    "LoginResult": [
      "InvalidCredentialsError",
      "ProConnectRequiredError",
      "TooManyAttemptsError",
      "Viewer"
    ],
    "MembershipResult": [
      "Membership",
      "NotFoundError"
    ],
    "OfferResult": [
      "ConflictError",
      "NotFoundError",
      "ServiceOffer",
      "ValidationError"
    ],
    "PassBookletResult": [
      "NotFoundError",
      "PassBooklet",
      "ValidationError"
    ],
    "PassTicketResult": [
      "NotFoundError",
      "PassBookletVoidedError",
      "PassTicket",
      "TicketAlreadyRedeemedError",
      "ValidationError"
    ],
    "PossibleDuplicateResult": [
      "NotFoundError",
      "PossibleDuplicate",
      "ValidationError"
    ],
    "ReferralResult": [
      "ConflictError",
      "InvalidTransitionError",
      "NotFoundError",
      "Referral",
      "ValidationError"
    ],
    "RequestPasswordResetResult": [
      "PasswordResetRequested",
      "TooManyAttemptsError"
    ],
    "ResendInvitationResult": [
      "InvalidInvitationError",
      "InvitationCreated",
      "NotFoundError"
    ],
    "ResetPasswordResult": [
      "InvalidResetLinkError",
      "PasswordResetDone",
      "ValidationError"
    ],
    "RetryOutboxMessageResult": [
      "NotFoundError",
      "OutboxMessage"
    ],
    "RevokeInvitationResult": [
      "InvalidInvitationError",
      "Invitation",
      "NotFoundError"
    ],
    "StructureMergeResult": [
      "NotFoundError",
      "StructureMerge",
      "ValidationError"
    ],
    "StructureResult": [
      "ConflictError",
      "NotFoundError",
      "Structure",
      "ValidationError"
    ],
    "StructureSettingResult": [
      "NotFoundError",
      "Structure",
      "ValidationError"
    ],
    "UserResult": [
      "NotFoundError",
      "User",
      "ValidationError"
    ],
    "VoidPassBookletResult": [
      "NotFoundError",
      "PassBooklet",
      "PassBookletVoidedError",
      "ValidationError"
    ]
  }
};
      const result: PossibleTypesResultData = {
  "possibleTypes": {
    "AcceptInvitationResult": [
      "InvalidCredentialsError",
      "InvalidInvitationError",
      "ValidationError",
      "Viewer"
    ],
    "AllocationResult": [
      "Allocation",
      "CharterNotSignedError",
      "ConflictError",
      "InvalidAllocationTransitionError",
      "InvalidDeviceTransitionError",
      "NotFoundError",
      "ValidationError"
    ],
    "ApiTokenResult": [
      "ApiToken",
      "NotFoundError"
    ],
    "CreateApiTokenResult": [
      "CreatedApiToken",
      "NotFoundError",
      "ValidationError"
    ],
    "DeviceResult": [
      "ConflictError",
      "Device",
      "InvalidDeviceTransitionError",
      "NotFoundError",
      "ValidationError"
    ],
    "DeviceWaveResult": [
      "ConflictError",
      "DeviceWave",
      "NotFoundError",
      "ValidationError"
    ],
    "ErrorResult": [
      "CharterNotSignedError",
      "ConflictError",
      "GeocoderUnavailableError",
      "InvalidAllocationTransitionError",
      "InvalidCredentialsError",
      "InvalidDeviceTransitionError",
      "InvalidInvitationError",
      "InvalidResetLinkError",
      "InvalidTransitionError",
      "NotFoundError",
      "PassBookletVoidedError",
      "ProConnectRequiredError",
      "TicketAlreadyRedeemedError",
      "TooManyAttemptsError",
      "ValidationError"
    ],
    "GeocodeAddressResult": [
      "AddressLocation",
      "GeocoderUnavailableError",
      "NotFoundError",
      "ValidationError"
    ],
    "HouseholdsTargetResult": [
      "HouseholdsTarget",
      "ValidationError"
    ],
    "ImportDirectoryResult": [
      "ImportReport",
      "NotFoundError",
      "ValidationError"
    ],
    "InviteUserResult": [
      "InvitationCreated",
      "NotFoundError",
      "ValidationError"
    ],
    "LoginResult": [
      "InvalidCredentialsError",
      "ProConnectRequiredError",
      "TooManyAttemptsError",
      "Viewer"
    ],
    "MembershipResult": [
      "Membership",
      "NotFoundError"
    ],
    "OfferResult": [
      "ConflictError",
      "NotFoundError",
      "ServiceOffer",
      "ValidationError"
    ],
    "PassBookletResult": [
      "NotFoundError",
      "PassBooklet",
      "ValidationError"
    ],
    "PassTicketResult": [
      "NotFoundError",
      "PassBookletVoidedError",
      "PassTicket",
      "TicketAlreadyRedeemedError",
      "ValidationError"
    ],
    "PossibleDuplicateResult": [
      "NotFoundError",
      "PossibleDuplicate",
      "ValidationError"
    ],
    "ReferralResult": [
      "ConflictError",
      "InvalidTransitionError",
      "NotFoundError",
      "Referral",
      "ValidationError"
    ],
    "RequestPasswordResetResult": [
      "PasswordResetRequested",
      "TooManyAttemptsError"
    ],
    "ResendInvitationResult": [
      "InvalidInvitationError",
      "InvitationCreated",
      "NotFoundError"
    ],
    "ResetPasswordResult": [
      "InvalidResetLinkError",
      "PasswordResetDone",
      "ValidationError"
    ],
    "RetryOutboxMessageResult": [
      "NotFoundError",
      "OutboxMessage"
    ],
    "RevokeInvitationResult": [
      "InvalidInvitationError",
      "Invitation",
      "NotFoundError"
    ],
    "StructureMergeResult": [
      "NotFoundError",
      "StructureMerge",
      "ValidationError"
    ],
    "StructureResult": [
      "ConflictError",
      "NotFoundError",
      "Structure",
      "ValidationError"
    ],
    "StructureSettingResult": [
      "NotFoundError",
      "Structure",
      "ValidationError"
    ],
    "UserResult": [
      "NotFoundError",
      "User",
      "ValidationError"
    ],
    "VoidPassBookletResult": [
      "NotFoundError",
      "PassBooklet",
      "PassBookletVoidedError",
      "ValidationError"
    ]
  }
};
      export default result;
    