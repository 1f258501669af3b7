"""The one error a bad indicator definition raises, naming the file and the item."""


class DefinitionError(ValueError):
    """A definition that cannot be used: ``where`` says which item, ``source`` which file.

    The message reads "indicators/definitions/x.toml: numerator.filters[0]: unknown column
    'agee' in dataset 'events'"; the loader adds the file, each level of nesting its item.
    """

    def __init__(self, problem: str, *, where: str = "", source: str = ""):
        self.problem = problem
        self.where = where
        self.source = source
        super().__init__(self._text())

    def _text(self) -> str:
        return ": ".join(part for part in (self.source, self.where, self.problem) if part)

    def within(self, item: str) -> "DefinitionError":
        """The same error one level further out: ``filters[0]`` becomes ``numerator.filters[0]``."""
        if not self.where:
            where = item
        elif self.where.startswith("["):
            where = item + self.where
        else:
            where = f"{item}.{self.where}"
        return DefinitionError(self.problem, where=where, source=self.source)

    def in_file(self, source: str) -> "DefinitionError":
        return DefinitionError(self.problem, where=self.where, source=source)
