/** The slice of the DOM that ingestion uses (linkedom's); the project compiles without the DOM lib. */
export interface DomNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
  parentNode?: DomNode | null;
  /** Walking siblings costs nothing per step; `childNodes` builds a list of all the children each time. */
  firstChild?: DomNode | null;
  nextSibling?: DomNode | null;
  getAttribute?(name: string): string | null;
  remove?(): void;
}

export interface DomDocument extends DomNode {
  title: string;
  documentElement: DomNode | null;
  body: DomNode | null;
  querySelector(selector: string): DomNode | null;
  querySelectorAll(selector: string): ArrayLike<DomNode>;
  createElement(name: string): DomNode;
}

export const TEXT_NODE = 3;
export const ELEMENT_NODE = 1;

/**
 * Calls `visit` on the nodes under `root` (not `root` itself) in document order, at most `budget` of
 * them, and returns false when the budget ran out first. `visit` returns false to stop early (true is
 * then returned) or 'skip' to leave out the node's children. Costs at most `budget` steps whatever the
 * size of the tree: for bounded looks at a subtree that may be huge.
 */
export function visitBounded(
  root: DomNode,
  budget: number,
  visit: (node: DomNode, depth: number) => boolean | 'skip',
): boolean {
  const stack: [DomNode | null | undefined, number][] = [[root.firstChild, 1]];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const node = top[0];
    if (!node) {
      stack.pop();
      continue;
    }
    top[0] = node.nextSibling;
    if (--budget < 0) return false;
    const result = visit(node, top[1]);
    if (result === false) return true;
    if (result !== 'skip' && node.firstChild) stack.push([node.firstChild, top[1] + 1]);
  }
  return true;
}
