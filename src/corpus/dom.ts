/** The slice of the DOM that ingestion uses (linkedom's); the project compiles without the DOM lib. */
export interface DomNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
  parentNode?: DomNode | null;
  getAttribute?(name: string): string | null;
  remove?(): void;
}

export interface DomDocument extends DomNode {
  title: string;
  documentElement: DomNode | null;
  body: DomNode | null;
  querySelector(selector: string): DomNode | null;
  querySelectorAll(selector: string): ArrayLike<DomNode>;
}

export const TEXT_NODE = 3;
export const ELEMENT_NODE = 1;
