import { describe, expect, it } from "vitest";
import { nearestNode, nodeInDirection } from "../../src/ui/graph/hit";

// A plus sign: centre 0, right 1, down 2, left 3, up 4, and a far-right node 5 slightly below the axis.
const xy = Float64Array.of(0, 0, 10, 0, 0, 10, -10, 0, 0, -10, 30, 4);

describe("hit testing", () => {
  it("finds the nearest node within the radius, else -1", () => {
    expect(nearestNode(xy, 6, 9, 1, 3)).toBe(1);
    expect(nearestNode(xy, 6, 5, 5, 3)).toBe(-1);
    expect(nearestNode(xy, 6, 5, 5, 8)).toBe(0); // centre, right and down all at sqrt(50): the first wins
    expect(nearestNode(xy, 0, 0, 0, 100)).toBe(-1);
  });

  it("arrow keys move to the node that lies that way", () => {
    expect(nodeInDirection(xy, 6, 0, 1, 0)).toBe(1);
    expect(nodeInDirection(xy, 6, 0, 0, 1)).toBe(2);
    expect(nodeInDirection(xy, 6, 0, -1, 0)).toBe(3);
    expect(nodeInDirection(xy, 6, 0, 0, -1)).toBe(4);
    // From the right node, further right: only node 5 lies within 60 degrees.
    expect(nodeInDirection(xy, 6, 1, 1, 0)).toBe(5);
    expect(nodeInDirection(xy, 6, 5, 1, 0)).toBe(-1);
  });

  it("prefers a node straight ahead over a slightly nearer one off to the side", () => {
    // From the origin going right: A at (10, 5) is 11.18 away at 26.6 degrees, B at (12, 0) straight ahead.
    const pts = Float64Array.of(0, 0, 10, 5, 12, 0);
    expect(nodeInDirection(pts, 3, 0, 1, 0)).toBe(2);
  });
});
