// A file dropped anywhere in a browser window is opened by the window itself, which would replace
// the app with the PDF (and, in Electron, navigate away from the app). Only the patient screen
// takes files; everywhere else a drop is refused and the pointer says so.
import { useEffect } from 'react';

export function useWindowDropGuard(): void {
  useEffect(() => {
    const onDragOver = (event: DragEvent) => {
      // A drop zone that accepted the drag has already set its own effect.
      if (event.defaultPrevented) return;
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'none';
    };
    const onDrop = (event: DragEvent) => event.preventDefault();
    window.addEventListener('dragover', onDragOver);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragover', onDragOver);
      window.removeEventListener('drop', onDrop);
    };
  }, []);
}
