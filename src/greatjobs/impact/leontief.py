"""Input-output arithmetic: pure functions on numpy arrays, in the style of pymrio.

Notation (Miller & Blair 2009, *Input-Output Analysis*, 2nd ed., ch. 2 and 6): ``Z`` the
inter-industry flows (row = supplying industry, column = buying industry), ``x`` total output,
``A`` the technical coefficients, ``L`` the Leontief inverse, ``I`` the identity matrix. Every
function accepts a single matrix ``(n, n)`` or a stack ``(..., n, n)`` where that makes sense, so
many regions can be computed in one vectorised call.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import numpy as np
from numpy.typing import NDArray

from greatjobs.errors import DataError

Array = NDArray[np.float64]

PRODUCTIVE_TOLERANCE = 1e-12
"""A is treated as non-productive when its spectral radius is within this of 1 or above."""


@contextlib.contextmanager
def single_threaded_blas() -> Iterator[None]:
    """Run BLAS/LAPACK on one thread where ``threadpoolctl`` is installed (optional).

    A 106 × 106 inverse is ~1 ms on one thread; a multi-threaded OpenBLAS on a small, busy
    machine can take ten times longer through thread contention.
    """
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        yield
        return
    with threadpool_limits(limits=1, user_api="blas"):
        yield


def calc_A(Z: Array, x: Array) -> Array:
    """Technical coefficients ``A = Z · diag(x)⁻¹``, i.e. ``a_ij = z_ij / x_j``.

    An industry with zero output (``x_j = 0``) gets a zero column, as in pymrio. Negative output
    is an error (:class:`~greatjobs.errors.DataError`).
    """
    Z = np.asarray(Z, dtype=float)
    x = np.asarray(x, dtype=float)
    if Z.shape[-1] != x.shape[-1] or Z.shape[-2] != Z.shape[-1]:
        raise DataError(f"Z must be square and match x: Z is {Z.shape}, x is {x.shape}.")
    if np.any(x < 0):
        raise DataError("Total output x has negative entries; A cannot be formed.")
    inv_x = np.divide(1.0, x, out=np.zeros_like(x), where=x != 0)
    return Z * inv_x[..., np.newaxis, :]


def spectral_radius(A: Array) -> Array:
    """The largest absolute eigenvalue of A (of each matrix in a stack)."""
    return np.abs(np.linalg.eigvals(np.asarray(A, dtype=float))).max(axis=-1)


def _check_shape(A: Array, what: str) -> None:
    if A.ndim < 2 or A.shape[-1] != A.shape[-2]:
        raise DataError(f"{what} must be square; it is {A.shape}.")
    if not np.all(np.isfinite(A)):
        raise DataError(f"{what} has missing or infinite coefficients.")


def _not_productive(A: Array, what: str) -> DataError:
    rho = float(np.atleast_1d(spectral_radius(A)).max())
    return DataError(
        f"{what} is not productive: its spectral radius is {rho:.6g} (it must be below 1), so "
        "(I − A) has no non-negative inverse and the economy cannot meet final demand. Check that "
        "flows and outputs are in the same units and that no column's inputs exceed its output."
    )


def check_productive(A: Array, what: str = "A") -> None:
    """Raise :class:`DataError` unless every matrix has spectral radius ``ρ(A) < 1``.

    ``ρ(A) < 1`` is the Hawkins-Simon condition: ``(I − A)⁻¹ = I + A + A² + …`` converges and is
    non-negative (Miller & Blair 2009, §2.9). For a non-negative A, ``ρ(A) ≤ max_j Σ_i a_ij``, so
    when every column sums to less than one the eigenvalues need not be computed.
    """
    A = np.asarray(A, dtype=float)
    _check_shape(A, what)
    if np.all(A >= 0) and float(A.sum(axis=-2).max(initial=0.0)) < 1 - PRODUCTIVE_TOLERANCE:
        return
    if float(np.atleast_1d(spectral_radius(A)).max()) >= 1 - PRODUCTIVE_TOLERANCE:
        raise _not_productive(A, what)


def calc_L(A: Array, what: str = "A") -> Array:
    """Leontief inverse ``L = (I − A)⁻¹`` (total requirements per unit of final demand).

    Raises :class:`DataError` if ``I − A`` is singular or A is not productive (spectral radius
    ≥ 1). For a non-negative A the test is the inverse itself: ``ρ(A) < 1`` if and only if
    ``I − A`` is non-singular with a non-negative inverse (an M-matrix; Berman & Plemmons 1994,
    ch. 6), which is cheaper than eigenvalues. Other matrices are checked with their eigenvalues.
    """
    A = np.asarray(A, dtype=float)
    _check_shape(A, what)
    nonnegative = bool(np.all(A >= 0))
    if not nonnegative:
        check_productive(A, what)
    eye = np.eye(A.shape[-1])
    try:
        with single_threaded_blas():
            L = np.linalg.inv(eye - A)
    except np.linalg.LinAlgError as exc:
        raise DataError(
            f"I − {what} is singular, so the Leontief inverse does not exist (spectral radius 1: "
            "some group of industries uses up all of its own output)."
        ) from exc
    scale = np.abs(L).max(axis=(-2, -1), keepdims=True)
    if not np.all(np.isfinite(L)) or (nonnegative and np.any(-1e-9 * scale > L)):
        raise _not_productive(A, what)
    return np.asarray(L, dtype=np.float64)


def close_for_households(A: Array, labour_row: Array, consumption_column: Array) -> Array:
    """The ``(n+1) × (n+1)`` matrix closed for households (Miller & Blair 2009, §6.1.2)::

        Ā = | A    h_c |
            | h_r   0  |

    ``h_r`` (1 × n): household income (compensation of employees) per unit of each industry's
    output; ``h_c`` (n × 1): household purchases from each industry per unit of household income.
    Stacks broadcast: ``A`` ``(..., n, n)``, ``labour_row`` ``(..., n)``, ``consumption_column``
    ``(..., n)``.
    """
    A = np.asarray(A, dtype=float)
    n = A.shape[-1]
    batch = A.shape[:-2]
    closed = np.zeros((*batch, n + 1, n + 1))
    closed[..., :n, :n] = A
    closed[..., :n, n] = np.broadcast_to(consumption_column, (*batch, n))
    closed[..., n, :n] = np.broadcast_to(labour_row, (*batch, n))
    return closed


def calc_L_type_ii(A: Array, labour_row: Array, consumption_column: Array) -> Array:
    """Type II Leontief inverse ``L̄ = (I − Ā)⁻¹`` of the household-closed matrix Ā.

    Its top-left ``n × n`` block gives direct + indirect + induced output per unit of final
    demand; the last row gives household income generated.
    """
    closed = close_for_households(A, labour_row, consumption_column)
    return calc_L(closed, "the household-closed matrix Ā")


def type_ii_block(L: Array, labour_row: Array, consumption_column: Array) -> Array:
    """Top-left n × n block of the Type II inverse from the Type I inverse, without a second
    inversion (Sherman-Morrison; Miller & Blair 2009 §6.1, partitioned inverse)::

        L̄₁₁ = (I − A − h_c h_r)⁻¹ = L + (L h_c)(h_r L) / (1 − h_r L h_c)

    Raises :class:`DataError` unless ``h_r L h_c < 1``, the condition for the closed model to be
    productive when A is.
    """
    L = np.asarray(L, dtype=float)
    lh = np.einsum("...ij,...j->...i", L, np.broadcast_to(consumption_column, L.shape[:-1]))
    hl = np.einsum("...i,...ij->...j", np.broadcast_to(labour_row, L.shape[:-1]), L)
    denominator = 1.0 - np.einsum("...i,...i->...", np.broadcast_to(labour_row, lh.shape), lh)
    if np.any(denominator <= PRODUCTIVE_TOLERANCE):
        raise DataError(
            "The household-closed model is not productive: each £ of household income would "
            "generate at least £1 more through spending (h_r · L · h_c ≥ 1)."
        )
    return np.asarray(
        L + lh[..., :, np.newaxis] * hl[..., np.newaxis, :] / denominator[..., None, None],
        dtype=np.float64,
    )


def output_multipliers(L: Array) -> Array:
    """Simple output multipliers ``m_j = Σ_i l_ij`` (column sums of L; Miller & Blair §6.2.1)."""
    return np.asarray(L).sum(axis=-2)


def effects(coefficients: Array, L: Array) -> Array:
    """Total effects per unit of final demand ``e_j = Σ_i c_i l_ij`` for a coefficient row ``c``
    (e.g. GVA, compensation or jobs per unit of output): ``c · L``."""
    return np.einsum("...i,...ij->...j", np.asarray(coefficients, dtype=float), L)


def ratio_multipliers(coefficients: Array, L: Array) -> Array:
    """Type I/II 'ratio' multipliers ``(c · L)_j / c_j``: total over direct effect (ONS's
    definition in the IOAT Multipliers sheet). NaN where the direct coefficient is zero."""
    c = np.asarray(coefficients, dtype=float)
    total = effects(c, L)
    out = np.full(np.broadcast_shapes(total.shape, c.shape), np.nan)
    np.divide(total, c, out=out, where=c != 0)
    return out
