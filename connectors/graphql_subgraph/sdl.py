"""Reading a subgraph's own schema (its `_service { sdl }`): which fields it adds to a type."""

from __future__ import annotations

from graphql import GraphQLSyntaxError, ObjectTypeDefinitionNode, ObjectTypeExtensionNode, parse

SERVICE_SDL_QUERY = "{ _service { sdl } }"


class UnreadableSdl(ValueError):
    """The SDL does not parse."""


def fields_of(sdl: str, type_name: str) -> frozenset[str]:
    """The fields the SDL gives `type_name`, in its definition and any extensions of it
    (empty when the subgraph does not have the type at all)."""
    try:
        document = parse(sdl, no_location=True)
    except GraphQLSyntaxError as error:
        raise UnreadableSdl(error.message) from error
    return frozenset(
        field.name.value
        for definition in document.definitions
        if isinstance(definition, ObjectTypeDefinitionNode | ObjectTypeExtensionNode)
        and definition.name.value == type_name
        for field in definition.fields or ()
    )
