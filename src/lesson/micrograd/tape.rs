//! The yardstick: a minimal, unchecked tape. One `Vec` of 32-byte nodes
//! `{data, grad, lhs, rhs, op}`; handles are bare indices (no graph check, no
//! staleness check, no `RefCell`); backward is one reverse sweep over every
//! node. It is what a scalar engine costs with nothing but the essentials,
//! and a whole reverse-mode engine for micrograd's four operations in a few
//! dozen lines.
//!
//! It records micrograd's graph through [`Recorder`] (see
//! [`micrograd_loss`](super::micrograd_loss)); [`tape_step`](super::tape_step)
//! is one training step on it.

use super::Recorder;

/// The operation that made a node.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TapeOp {
    /// A leaf: an input, a parameter or a constant.
    Leaf,
    /// `lhs + rhs`.
    Add,
    /// `lhs * rhs`.
    Mul,
    /// `max(0, lhs)` (`rhs` is unused).
    Relu,
}

/// One recorded scalar: 32 bytes.
#[derive(Clone, Copy, Debug)]
pub struct Node {
    /// Its value.
    pub data: f64,
    /// `∂root/∂node` after [`Tape::backward`].
    pub grad: f64,
    /// The index of its first input (0 for a leaf).
    pub lhs: u32,
    /// The index of its second input (0 for a leaf).
    pub rhs: u32,
    /// The operation that made it.
    pub op: TapeOp,
}

const _: () = assert!(std::mem::size_of::<Node>() == 32);

/// The nodes, in creation order (a topological order); a handle is a node's
/// index.
#[derive(Default)]
pub struct Tape {
    /// Every node recorded.
    pub nodes: Vec<Node>,
}

impl Tape {
    fn push(&mut self, data: f64, lhs: u32, rhs: u32, op: TapeOp) -> u32 {
        self.nodes.push(Node {
            data,
            grad: 0.0,
            lhs,
            rhs,
            op,
        });
        (self.nodes.len() - 1) as u32
    }

    /// Sets every node's gradient to 0.
    pub fn zero_grad(&mut self) {
        self.nodes.iter_mut().for_each(|n| n.grad = 0.0);
    }

    /// Sets `root`'s gradient to 1 and walks the nodes from `root` down to
    /// the first, adding to each input `grad · ∂node/∂input`.
    ///
    /// # Panics
    /// If `root` is not a node of the tape.
    pub fn backward(&mut self, root: u32) {
        self.nodes[root as usize].grad = 1.0;
        for i in (0..=root as usize).rev() {
            let node = self.nodes[i];
            let (l, r) = (node.lhs as usize, node.rhs as usize);
            match node.op {
                TapeOp::Leaf => {}
                TapeOp::Add => {
                    self.nodes[l].grad += node.grad;
                    self.nodes[r].grad += node.grad;
                }
                TapeOp::Mul => {
                    self.nodes[l].grad += self.nodes[r].data * node.grad;
                    self.nodes[r].grad += self.nodes[l].data * node.grad;
                }
                TapeOp::Relu => {
                    if node.data > 0.0 {
                        self.nodes[l].grad += node.grad;
                    }
                }
            }
        }
    }
}

impl Recorder for &mut Tape {
    type V = u32;
    fn leaf(&mut self, x: f64) -> u32 {
        self.push(x, 0, 0, TapeOp::Leaf)
    }
    fn add(&mut self, a: u32, b: u32) -> u32 {
        let data = self.nodes[a as usize].data + self.nodes[b as usize].data;
        self.push(data, a, b, TapeOp::Add)
    }
    fn mul(&mut self, a: u32, b: u32) -> u32 {
        let data = self.nodes[a as usize].data * self.nodes[b as usize].data;
        self.push(data, a, b, TapeOp::Mul)
    }
    fn relu(&mut self, a: u32) -> u32 {
        let x = self.nodes[a as usize].data;
        self.push(if x < 0.0 { 0.0 } else { x }, a, a, TapeOp::Relu)
    }
}
