"""What a connector author imports. More of the SDK (capabilities, errors, config, testkit) lands
with the connectors; the call context is here first because the identity layer fills it."""

from connectors.sdk.context import CallContext, Person, TokenProvider

__all__ = ["CallContext", "Person", "TokenProvider"]
