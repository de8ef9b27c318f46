import { describe, expect, it } from 'vitest';
import { MINIMUM_SIZE, parsePlacement, placeWindow } from '../../src/main/window-bounds';

const laptop = { x: 0, y: 0, width: 1366, height: 728 };
const secondScreen = { x: 1366, y: 0, width: 1920, height: 1040 };

describe('window placement', () => {
  it('opens a first window maximised on a 1366×768 clinic PC, centred on a larger screen', () => {
    expect(placeWindow(undefined, [laptop])).toMatchObject({ maximized: true });
    const large = placeWindow(undefined, [{ x: 0, y: 0, width: 1920, height: 1040 }]);
    expect(large).toEqual({ x: 320, y: 120, width: 1280, height: 800, maximized: false });
  });

  it('reopens where the user left it, on any connected screen', () => {
    const saved = { x: 1500, y: 100, width: 1200, height: 800, maximized: false };
    expect(placeWindow(saved, [laptop, secondScreen])).toEqual(saved);
  });

  it('brings a window left on an unplugged screen back onto the primary one, within its size', () => {
    const saved = { x: 1500, y: 100, width: 1800, height: 1000, maximized: false };
    const placed = placeWindow(saved, [laptop]);
    expect(placed.x).toBeGreaterThanOrEqual(0);
    expect(placed.x + placed.width).toBeLessThanOrEqual(laptop.width);
    expect(placed.height).toBeLessThanOrEqual(laptop.height);
  });

  it('never opens smaller than the screens are designed for', () => {
    const placed = placeWindow({ x: 10, y: 10, width: 300, height: 200, maximized: false }, [secondScreen, laptop]);
    expect(placed.width).toBeGreaterThanOrEqual(MINIMUM_SIZE.width);
    expect(placed.height).toBeGreaterThanOrEqual(MINIMUM_SIZE.height);
  });

  it('ignores a damaged state file', () => {
    expect(parsePlacement('{"x": "left"}')).toBeUndefined();
    expect(parsePlacement('not json')).toBeUndefined();
    expect(parsePlacement('{"x":1,"y":2,"width":1100,"height":700,"maximized":false}')).toEqual({ x: 1, y: 2, width: 1100, height: 700, maximized: false });
  });
});
