"""Steps for corpus-processing engines. Each lives in its own module and imports its engine there,
so ``import cleaner`` never needs them: ``from cleaner.integrations.datatrove import ArticleCleaner``.
"""
