/**
 * The run's parameters: first what a demo changes live (gossip and faults), then the network,
 * whose settings start a new run.
 * Labels, bounds and units come from the parameter table (src/sim/config.ts), as the URL's do.
 */
import type { ReactNode } from "react";
import { PARAM_BY_KEY, pageParam, type GossipMode, type NumberParam, type TopologyName } from "../../sim/config";
import { useController } from "../context";
import { formatPercent } from "../format";
import { useUi } from "../store";
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
  off: "no gossip messages: flooding alone (the clock still counts rounds)",
};

interface ParamNumberProps {
  param: NumberParam;
  value: number;
  hint?: ReactNode;
  step?: number;
  onCommit(value: number): boolean | void;
}

/** A number field whose label, bounds and unit are the table's, as the page reads it. */
function ParamNumberField({ param, value, hint, step, onCommit }: ParamNumberProps) {
  const { label, min, max, unit } = pageParam(param);
  return <NumberField label={label} value={value} min={min} max={max} step={step} unit={unit} hint={hint} onCommit={onCommit} />;
}

export function ControlPanel() {
  const controller = useController();
  const config = useUi((s) => s.config);
  const change = controller.changeConfig;
  const P = PARAM_BY_KEY;

  return (
    <div className="control-panel">
      <fieldset>
        <legend>Gossip</legend>
        <SelectField<GossipMode>
          label={P.gossip.label}
          value={config.gossip}
          options={P.gossip.choices.map((g) => ({ value: g, text: g }))}
          hint={STRATEGY_HINT[config.gossip]}
          onChange={(gossip) => change({ gossip })}
        />
        <ParamNumberField param={P.fanout} value={config.fanout} hint="peers per round" onCommit={(fanout) => change({ fanout })} />
        <ParamNumberField param={P.gossipIntervalMs} value={config.gossipIntervalMs} onCommit={(gossipIntervalMs) => change({ gossipIntervalMs })} />
        <CheckboxField
          label={P.forward.label}
          checked={config.forward}
          hint="flood a new value to neighbours at once"
          onChange={(forward) => change({ forward })}
        />
      </fieldset>
      <fieldset>
        <legend>Faults</legend>
        <RangeField
          label={P.dropRate.label}
          value={config.dropRate}
          min={P.dropRate.min}
          max={P.dropRate.max}
          step={0.01}
          display={formatPercent}
          onChange={(dropRate) => change({ dropRate })}
        />
        <ParamNumberField param={P.latencyMs} value={config.latencyMs} step={10} hint="one way" onCommit={(latencyMs) => change({ latencyMs })} />
      </fieldset>
      <fieldset>
        <legend>Network</legend>
        <p className="fieldset-note">Changing these starts a new run.</p>
        <ParamNumberField param={P.nodes} value={config.nodes} onCommit={(nodes) => change({ nodes })} />
        <SelectField<TopologyName>
          label={P.topology.label}
          value={config.topology}
          options={P.topology.choices.map((t) => ({ value: t, text: TOPOLOGY_TEXT[t] }))}
          onChange={(topology) => change({ topology })}
        />
        {config.topology === "random" || config.topology === "small-world" ? (
          <ParamNumberField param={P.degree} value={config.degree} hint="links per node" onCommit={(degree) => change({ degree })} />
        ) : null}
        <ParamNumberField param={P.seed} value={config.seed} hint="same seed, same run" onCommit={(seed) => change({ seed })} />
      </fieldset>
    </div>
  );
}
