//! One node's record in the arena, its bit layout, and where an n-ary node's
//! operands are: the one place that reads a record's fields.

use std::ops::Range;

use super::ops::{Op, Shape};

/// Bit of a record's tag that marks an n-ary node whose inputs are contiguous
/// ranges of the arena (no operand list).
const RANGE: u32 = 1 << 7;
/// Bit of a range record's tag that marks a neuron recorded with the node
/// before it as one dense layer (see [`layer_tag`]).
const LAYER: u32 = 1 << 8;
/// Mask of the op code in a record's tag.
const CODE_MASK: u32 = 0x7f;
/// Largest number of terms a range record keeps in its tag (the upper 23
/// bits).
pub(crate) const MAX_RANGE_LEN: usize = (1 << 23) - 1;

/// One node's record: its value, its inputs and its op, in 20 bytes. With
/// its gradient (8 bytes, in a separate array that backward allocates) a node
/// costs 28 bytes.
///
/// ```text
/// data: f64   the node's value
/// a: u32      first input        | n-ary, range form: start of the weights (or summands)
///                                | n-ary, list form:  offset of its operand list
/// b: u32      second input       | n-ary, range form: start of the inputs
///             (unary: a again)   | n-ary, list form:  number of terms
/// tag: u32    bits 0..7 op code, bit 7 range form, bit 8 continues a layer,
///             bits 9..32 number of terms (range form)
/// ```
///
/// Keeping the value in the record means an op writes one record (one
/// capacity check, one length update). The gradient stays out of it: forward
/// never touches gradients, and a separate array needs no zeroing until a
/// backward needs it (measured: 225 µs → 202 µs for micrograd's 65,481-node
/// forward pass, against the gradient inside the record). `packed(4)` drops
/// the 4 bytes of padding an 8-aligned record would carry; fields are only
/// ever copied out, never borrowed. Plain `u32` fields, written one by one,
/// keep recording free of store-forwarding stalls.
#[derive(Clone, Copy, Debug, Default)]
#[repr(C, packed(4))]
pub(crate) struct Node {
    /// The node's value.
    pub data: f64,
    /// First input, or where an n-ary node's operands start.
    pub a: u32,
    /// Second input (unary ops repeat `a`), or an n-ary node's other start or
    /// count.
    pub b: u32,
    /// Op code, range flag and range length.
    pub tag: u32,
}

/// The tag of an element-wise node or a leaf.
#[inline(always)]
pub(crate) fn tag(op: Op) -> u32 {
    op as u32
}

/// The tag of an n-ary node of `n` terms stored in range form.
#[inline(always)]
pub(crate) fn range_tag(op: Op, n: usize) -> u32 {
    debug_assert!(n <= MAX_RANGE_LEN);
    op as u32 | RANGE | (n as u32) << 9
}

/// The tag of a dot or affine node in range form that continues the dense
/// layer of the node recorded just before it: the same inputs, the same
/// number of terms, its weights (and bias) further on than the previous
/// node's, and none of the layer's inputs among the layer's parameters.
/// Replay and backward may then treat a run of such nodes together (the
/// neurons' sums are independent), adding every sum's terms in the same
/// order as node by node.
#[inline(always)]
pub(crate) fn layer_tag(op: Op, n: usize) -> u32 {
    range_tag(op, n) | LAYER
}

/// The codes that the fast branches of backward and replay compare a
/// record's tag with (the tag of add, multiply and ReLU is their code).
pub(crate) const ADD: u32 = Op::Add as u32;
pub(crate) const MUL: u32 = Op::Mul as u32;
pub(crate) const RELU: u32 = Op::Relu as u32;

impl Node {
    /// The record's op code.
    #[inline(always)]
    pub(crate) fn code(self) -> u32 {
        self.tag & CODE_MASK
    }

    /// The op that produced this node.
    #[inline(always)]
    pub(crate) fn op(self) -> Op {
        Op::decode(self.code() as u8)
    }

    /// Whether this node continues the dense layer of the node before it
    /// ([`layer_tag`]).
    #[inline(always)]
    pub(crate) fn continues_layer(self) -> bool {
        self.tag & LAYER != 0
    }

    /// A range-form dot or affine node's weights' start, inputs' start,
    /// number of terms, and whether its bias follows its weights.
    #[inline(always)]
    pub(crate) fn neuron(self) -> (usize, usize, usize, bool) {
        (
            self.a as usize,
            self.b as usize,
            (self.tag >> 9) as usize,
            self.code() == Op::Affine as u32,
        )
    }

    /// Where an n-ary node's operands are (`operands` is the arena's operand
    /// list).
    #[inline(always)]
    pub(crate) fn terms(self, operands: &[u32]) -> Terms<'_> {
        let op = self.op();
        debug_assert_eq!(op.shape(), Shape::Nary);
        let (a, b) = (self.a as usize, self.b as usize);
        let (first, second, bias) = if self.tag & RANGE != 0 {
            let n = (self.tag >> 9) as usize;
            match op {
                Op::Sum => (Indices::Range(a..a + n), None, None),
                Op::Dot => (
                    Indices::Range(a..a + n),
                    Some(Indices::Range(b..b + n)),
                    None,
                ),
                // A neuron keeps its bias right after its weights.
                _ => (
                    Indices::Range(a..a + n),
                    Some(Indices::Range(b..b + n)),
                    Some(a + n),
                ),
            }
        } else {
            let (n, list) = (b, &operands[a..]);
            match op {
                Op::Sum => (Indices::List(&list[..n]), None, None),
                Op::Dot => (
                    Indices::List(&list[..n]),
                    Some(Indices::List(&list[n..2 * n])),
                    None,
                ),
                _ => (
                    Indices::List(&list[..n]),
                    Some(Indices::List(&list[n..2 * n])),
                    Some(list[2 * n] as usize),
                ),
            }
        };
        Terms {
            first,
            second,
            bias,
        }
    }

    /// Where this node's operand list starts, if it has one (an n-ary node
    /// in list form, or a custom node).
    pub(crate) fn operand_offset(self) -> Option<usize> {
        let listed = match self.op().shape() {
            Shape::Nary => self.tag & RANGE == 0,
            Shape::Custom => true,
            _ => false,
        };
        listed.then_some(self.a as usize)
    }

    /// A custom node's op (its index in the arena's custom ops) and inputs.
    #[inline]
    pub(crate) fn custom_operands(self, operands: &[u32]) -> (usize, &[u32]) {
        debug_assert_eq!(self.op().shape(), Shape::Custom);
        let (a, n) = (self.a as usize, self.b as usize);
        (operands[a] as usize, &operands[a + 1..a + 1 + n])
    }
}

/// The operands of an n-ary node: for a sum `Σ first_i`; for a dot
/// `Σ first_i·second_i` (weights, then inputs); for an affine node the same
/// plus `bias`.
#[derive(Clone, Debug)]
pub(crate) struct Terms<'a> {
    /// The summands of a sum, the weights of a dot or affine node.
    pub first: Indices<'a>,
    /// The inputs of a dot or affine node.
    pub second: Option<Indices<'a>>,
    /// The bias of an affine node.
    pub bias: Option<usize>,
}

/// A list of node indices: a range of the arena, or an operand list.
#[derive(Clone, Debug)]
pub(crate) enum Indices<'a> {
    /// Consecutive nodes.
    Range(Range<usize>),
    /// Nodes anywhere, listed.
    List(&'a [u32]),
}

impl Indices<'_> {
    /// How many indices there are.
    #[inline(always)]
    pub(crate) fn len(&self) -> usize {
        match self {
            Indices::Range(range) => range.len(),
            Indices::List(list) => list.len(),
        }
    }

    /// The indices, in order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        let (range, list) = match self {
            Indices::Range(range) => (range.clone(), &[][..]),
            Indices::List(list) => (0..0, *list),
        };
        range.chain(list.iter().map(|&i| i as usize))
    }
}
