/** The run's parameters. Network settings start a new run; gossip and fault settings change it live. */
import { GOSSIP_MODES, TOPOLOGIES, type GossipMode, type TopologyName } from "../../sim/config";
import { useController } from "../context";
import { formatPercent } from "../format";
import { useUi } from "../store";
import { UI_MAX_NODES } from "../url";
import { CheckboxField, NumberField, RangeField, SelectField } from "./fields";

const TOPOLOGY_TEXT: Readonly<Record<TopologyName, string>> = {
  complete: "complete",
  line: "line",
  ring: "ring",
  grid: "grid",
  tree2: "binary tree",
  tree3: "tree, 3 children",
  tree4: "tree, 4 children",
  star: "star",
  random: "random",
  "small-world": "small world",
};

/** What each strategy does in one line, shown under the choice. */
const STRATEGY_HINT: Readonly<Record<GossipMode, string>> = {
  push: "each round, send what I know to fanout peers",
  "push-pull": "send what I know, and take back what I miss",
  digest: "compare hashes first, send only on a mismatch",
  off: "no rounds: flooding alone",
};

export function ControlPanel() {
  const controller = useController();
  const config = useUi((s) => s.config);
  const change = controller.changeConfig;

  return (
    <div className="control-panel">
      <fieldset>
        <legend>Network</legend>
        <p className="fieldset-note">Changing these starts a new run.</p>
        <NumberField label="Nodes" value={config.nodes} min={1} max={UI_MAX_NODES} onCommit={(nodes) => change({ nodes })} />
        <SelectField<TopologyName>
          label="Topology"
          value={config.topology}
          options={TOPOLOGIES.map((t) => ({ value: t, text: TOPOLOGY_TEXT[t] }))}
          onChange={(topology) => change({ topology })}
        />
        <NumberField label="Seed" value={config.seed} min={0} max={4294967295} hint="same seed, same run" onCommit={(seed) => change({ seed })} />
      </fieldset>
      <fieldset>
        <legend>Gossip</legend>
        <SelectField<GossipMode>
          label="Strategy"
          value={config.gossip}
          options={GOSSIP_MODES.map((g) => ({ value: g, text: g }))}
          hint={STRATEGY_HINT[config.gossip]}
          onChange={(gossip) => change({ gossip })}
        />
        <NumberField label="Fanout" value={config.fanout} min={0} max={50} hint="peers per round" onCommit={(fanout) => change({ fanout })} />
        <NumberField
          label="Gossip interval"
          value={config.gossipIntervalMs}
          min={10}
          max={60_000}
          step={50}
          unit="ms"
          onCommit={(gossipIntervalMs) => change({ gossipIntervalMs })}
        />
        <CheckboxField
          label="Forward on broadcast"
          checked={config.forward}
          hint="flood a new value to neighbours at once"
          onChange={(forward) => change({ forward })}
        />
      </fieldset>
      <fieldset>
        <legend>Faults</legend>
        <RangeField label="Drop rate" value={config.dropRate} min={0} max={1} step={0.01} display={formatPercent} onChange={(dropRate) => change({ dropRate })} />
        <NumberField label="Latency" value={config.latencyMs} min={0} max={60_000} step={10} unit="ms, one way" onCommit={(latencyMs) => change({ latencyMs })} />
      </fieldset>
    </div>
  );
}
