"""NumPy-semantics op library on TF tensors. Importing it fills the lowering table:
every module here registers its rules with ``runtime.registry.lowers``."""
import importlib
import pkgutil

for _m in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_m.name}")
