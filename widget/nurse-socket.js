/**
 * The nurse console's websocket, /ws/nurse (docs/handover-protocol.md, section 3). Reconnects with the
 * widget's backoff (0.5 s doubling to 15 s, jitter) and pings every 25 s (socket.js). The login cookie goes
 * with the handshake; the gateway checks it and the Origin, so the link is online as soon as it opens.
 * There is no silence timeout: a dead link shows when the socket closes.
 *
 * Events (CustomEvent, payload in `detail`):
 *   state {state: 'connecting'|'online'|'offline'}   frame {frame}   lost {code, opened}
 */
import { parseNurseFrame } from './nurse-model.js';
import { ReconnectingSocket } from './socket.js';

export class NurseSocket extends ReconnectingSocket {
  /** @param {{url: string, WebSocketImpl?: typeof WebSocket, random?: () => number}} options */
  constructor({ url, WebSocketImpl, random }) {
    super({ url, WebSocketImpl, random });
  }

  parse(data) { return parseNurseFrame(data); }

  handle(frame) {
    if (frame && frame.type !== 'pong') this.emit('frame', { frame });
  }

  /** `opened` false means the handshake was refused: the console checks whether the login is still valid. */
  onLost(info) { this.emit('lost', info); }

  /** Send one frame now; false when there is no open connection (nothing is queued for later). */
  send(frame) { return this.write(frame); }
}
