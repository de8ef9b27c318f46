// Where the window reopens: where the user left it, unless that place is no longer on any screen
// (a monitor was unplugged, the resolution changed), in which case it is brought back onto the
// primary screen. No electron import: the displays are passed in, so this is tested in Node.
interface Rectangle {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowPlacement extends Rectangle {
  maximized: boolean;
}

/** The smallest window the screens are designed for (a common clinic PC is 1366×768). */
export const MINIMUM_SIZE = { width: 1024, height: 640 };
const DEFAULT_SIZE = { width: 1280, height: 800 };
/** How much of the window's title bar must be on a screen to count as reachable. */
const REACHABLE = { width: 120, height: 40 };

function overlap(a: Rectangle, b: Rectangle): Rectangle {
  const x = Math.max(a.x, b.x);
  const y = Math.max(a.y, b.y);
  return { x, y, width: Math.max(0, Math.min(a.x + a.width, b.x + b.width) - x), height: Math.max(0, Math.min(a.y + a.height, b.y + b.height) - y) };
}

function centred(area: Rectangle, width: number, height: number): Rectangle {
  return { x: area.x + Math.round((area.width - width) / 2), y: area.y + Math.round((area.height - height) / 2), width, height };
}

/**
 * The placement to open with, from the saved one (if any) and the work areas of the connected
 * displays, primary first.
 */
export function placeWindow(saved: WindowPlacement | undefined, workAreas: readonly Rectangle[]): WindowPlacement {
  const primary = workAreas[0] ?? { x: 0, y: 0, width: DEFAULT_SIZE.width, height: DEFAULT_SIZE.height };
  const fit = (width: number, height: number) => ({
    width: Math.min(Math.max(width, MINIMUM_SIZE.width), primary.width),
    height: Math.min(Math.max(height, MINIMUM_SIZE.height), primary.height),
  });
  if (saved) {
    const titleBar = { x: saved.x, y: saved.y, width: saved.width, height: REACHABLE.height };
    const reachable = workAreas.some((area) => {
      const seen = overlap(titleBar, area);
      return seen.width >= Math.min(REACHABLE.width, saved.width) && seen.height >= REACHABLE.height / 2;
    });
    if (reachable) {
      const size = { width: Math.max(saved.width, MINIMUM_SIZE.width), height: Math.max(saved.height, MINIMUM_SIZE.height) };
      return { x: saved.x, y: saved.y, ...size, maximized: saved.maximized };
    }
    const size = fit(saved.width, saved.height);
    return { ...centred(primary, size.width, size.height), maximized: saved.maximized };
  }
  const size = fit(DEFAULT_SIZE.width, DEFAULT_SIZE.height);
  return { ...centred(primary, size.width, size.height), maximized: primary.width <= 1366 };
}

export function parsePlacement(json: string): WindowPlacement | undefined {
  try {
    const value = JSON.parse(json) as Partial<WindowPlacement>;
    const numbers = [value.x, value.y, value.width, value.height];
    if (numbers.every((n) => typeof n === 'number' && Number.isFinite(n)) && typeof value.maximized === 'boolean') return value as WindowPlacement;
  } catch {
    // A damaged file is no reason not to open: start from the default.
  }
  return undefined;
}
